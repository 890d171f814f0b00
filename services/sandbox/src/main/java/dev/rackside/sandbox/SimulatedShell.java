package dev.rackside.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The sandbox containers' shell: enough for an exec or run session to be tried end to end. It knows
 * {@code echo}, {@code env} (the container's env, as a real one prints it: values in clear), {@code ls},
 * {@code cat}, {@code ps}, {@code hostname}, {@code pwd}, {@code true}, {@code false} and {@code exit N}; anything
 * else is {@code command not found} (127). Started with a command it runs it and ends with its code; started
 * as {@code sh}/{@code bash} (or rackside's default shell) it prompts until {@code exit} or end of input. With a
 * TTY it echoes what is typed and takes CR for Enter, as a terminal line discipline does.
 */
final class SimulatedShell {
    private static final Map<String, String> FILES = Map.of(
            "Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem 'puma'\ngem 'sidekiq'\n",
            "Procfile", "web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n",
            "config/puma.rb", "workers 2\nthreads 5, 5\nport ENV.fetch('PORT', 3000)\n",
            "VERSION", "2026.11.30-1a2b3c4\n");

    private final String pod;
    private final Map<String, String> env;
    private final boolean tty;
    private final Consumer<byte[]> out;
    private final IntConsumer exit;
    private final StringBuilder line = new StringBuilder();
    private boolean interactive;
    private boolean ended;

    /**
     * @param out  where the shell writes (stdout and stderr together, as with a TTY)
     * @param exit told the exit code once, when the shell ends
     */
    SimulatedShell(String pod, Map<String, String> env, boolean tty, Consumer<byte[]> out, IntConsumer exit) {
        this.pod = pod;
        this.env = new TreeMap<>(env);
        this.tty = tty;
        this.out = out;
        this.exit = exit;
    }

    /** Starts with the command's words, as the container would get them. */
    void start(List<String> argv) {
        List<String> words = argv;
        if (words.size() >= 3 && (words.get(0).equals("sh") || words.get(0).equals("bash"))
                && words.get(1).equals("-c")) {
            String script = words.get(2);
            if (script.contains("exec bash") || script.contains("exec sh")) {
                words = List.of("bash");
            } else {
                words = dev.rackside.services.text.ShellQuote.split(script);
            }
        }
        if (words.isEmpty() || words.size() == 1 && (words.get(0).equals("sh") || words.get(0).equals("bash"))) {
            interactive = true;
            prompt();
            return;
        }
        int code = run(words);
        end(code);
    }

    /** What the operator typed. */
    synchronized void input(byte[] bytes) {
        if (ended) {
            return;
        }
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (tty && c == 4 && line.length() == 0) {
                write("exit\r\n");
                end(0);
                return;
            }
            if (c == '\r' || c == '\n') {
                if (tty) {
                    write("\r\n");
                }
                String typed = line.toString();
                line.setLength(0);
                if (interactive) {
                    List<String> words = dev.rackside.services.text.ShellQuote.split(typed);
                    if (!words.isEmpty() && words.get(0).equals("exit")) {
                        end(words.size() > 1 ? parse(words.get(1)) : 0);
                        return;
                    }
                    if (!words.isEmpty()) {
                        run(words);
                    }
                    prompt();
                }
            } else if (tty && (c == 127 || c == 8)) {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    write("\b \b");
                }
            } else if (c >= 32 || c == '\t') {
                line.append(c);
                if (tty) {
                    write(String.valueOf(c));
                }
            }
        }
    }

    /** End of input: an interactive shell exits 0, as sh does at EOF. */
    synchronized void endOfInput() {
        if (!ended && interactive) {
            end(0);
        }
    }

    private int run(List<String> words) {
        String cmd = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (cmd) {
            case "echo" -> println(String.join(" ", args.stream().map(this::expand).toList()));
            case "env", "printenv" -> env.forEach((k, v) -> println(k + "=" + v));
            case "ls" -> println(String.join("  ", List.of("Gemfile", "Procfile", "VERSION", "app", "bin", "config")));
            case "pwd" -> println("/app");
            case "hostname" -> println(pod);
            case "ps" -> {
                println("  PID TTY          TIME CMD");
                println("    1 ?        00:00:03 " + env.getOrDefault("SERVICE", "web"));
                println("   42 pts/0    00:00:00 bash");
                println("   57 pts/0    00:00:00 ps");
            }
            case "cat" -> {
                for (String f : args) {
                    String text = FILES.get(f.replaceFirst("^/app/", ""));
                    if (text == null) {
                        println("cat: " + f + ": No such file or directory");
                        return 1;
                    }
                    write(tty ? text.replace("\n", "\r\n") : text);
                }
            }
            case "true" -> {
                return 0;
            }
            case "false" -> {
                return 1;
            }
            case "exit" -> {
                return args.isEmpty() ? 0 : parse(args.get(0));
            }
            default -> {
                println("sh: 1: " + cmd + ": not found");
                return 127;
            }
        }
        return 0;
    }

    private String expand(String word) {
        return word.startsWith("$") ? env.getOrDefault(word.substring(1), "") : word;
    }

    private void prompt() {
        write("root@" + pod + ":/app# ");
    }

    private void println(String s) {
        write(s + (tty ? "\r\n" : "\n"));
    }

    private void write(String s) {
        out.accept(s.getBytes(StandardCharsets.UTF_8));
    }

    private void end(int code) {
        if (!ended) {
            ended = true;
            exit.accept(code);
        }
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s) & 0xff;
        } catch (NumberFormatException e) {
            return 2;
        }
    }
}
