package dev.rackside.services.deploy;

import dev.rackside.services.api.BuildProgress;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.build.SourceArchive;
import dev.rackside.services.rackapi.ApiError;
import dev.rackside.services.rackapi.ApiSocket;
import dev.rackside.services.rackapi.RackApi;
import dev.rackside.services.rackapi.Structs;
import dev.rackside.services.text.ByteSizes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A build through the rack's API, request for request as the Convox CLI makes it (convox 3.24.9
 * pkg/cli/builds.go build): the packed source stored at {@code tmp/<30 hex>.tgz} (helpers.go generateTempKey:
 * the SHA-256 of 1 KiB of randomness), {@code POST /apps/{app}/builds} with its {@code object://} URL and the
 * options, the build's log socket copied out, then {@code GET /apps/{app}/builds/{id}} every second until
 * {@code complete} or {@code failed} (60 minutes at most), and what the socket missed read again from the stored
 * log (finalizeBuildLogs). A failed build names the step it failed at.
 */
final class SourceBuild {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    /** Docker's classic builder ("Step 3/5 : RUN false") and BuildKit's ("#7 [2/4] RUN false"). */
    private static final Pattern STEP = Pattern.compile("^(Step \\d+/\\d+ : .*|#\\d+ \\[[^\\]]*\\d+/\\d+\\] .*)$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RackApi api;
    private final String app;
    private final Clock clock;

    SourceBuild(RackApi api, String app, Clock clock) {
        this.api = api;
        this.app = app;
        this.clock = clock;
    }

    /**
     * Uploads and builds {@code source}; the build's id and release go into {@code learned} as soon as they are
     * known, for the journal. Returns the complete build; a failed one is a {@link Refusal} naming the step.
     */
    Structs.Build run(SourceArchive source, RackApi.BuildOptions opts, BuildProgress progress,
            Map<String, String> learned) {
        String key = tempKey() + ".tgz";
        Instant upStart = clock.instant();
        Structs.StoredObject o = api.objectStore(app, key, source.file(), sent -> progress.uploaded(sent,
                source.bytes()));
        progress.uploaded(source.bytes(), source.bytes());
        progress.line("Uploading source... OK (" + ByteSizes.of(source.bytes()) + " in "
                + seconds(Duration.between(upStart, clock.instant())) + ")");
        Structs.Build b = api.buildCreate(app, o.url(), opts);
        learned.put("build", b.id());
        progress.line("Starting build... OK (" + b.id() + ")");
        Log log = new Log(progress);
        try (ApiSocket s = api.buildLogs(app, b.id())) {
            log.copy(s.input());
        } catch (ApiError | IOException e) {
            progress.line("warning: build log stream interrupted: " + e.getMessage());
        }
        Instant until = clock.instant().plus(BUILD_TIMEOUT);
        while (true) {
            b = api.buildGet(app, b.id());
            switch (b.status()) {
                case "created", "running" -> {
                    if (!clock.instant().isBefore(until)) {
                        throw new Refusal(Outcome.Kind.FAILED, "build " + b.id() + " timed out after 60 minutes "
                                + "(status: " + b.status() + "); check: rackside builds -a " + app);
                    }
                    sleep();
                }
                case "complete" -> {
                    finish(b, log);
                    if (!b.release().isEmpty()) {
                        learned.put("release", b.release());
                    }
                    return b;
                }
                case "failed" -> {
                    finish(b, log);
                    throw new Refusal(Outcome.Kind.FAILED, "build " + b.id() + " failed" + log.where());
                }
                default -> throw new Refusal(Outcome.Kind.FAILED, "build " + b.id() + ": unexpected build status: "
                        + b.status());
            }
        }
    }

    /** finalizeBuildLogs: the stored log read again, and whatever the stream had not shown printed. */
    private void finish(Structs.Build b, Log log) {
        try (ApiSocket s = api.buildLogs(app, b.id())) {
            log.skipThenCopy(s.input());
        } catch (ApiError | IOException e) {
            // the stream already showed what it could; the status is what decides
        }
    }

    /** The log's lines to the progress, and what a failure report needs from them: the last step and error. */
    private static final class Log {
        private final BuildProgress progress;
        private long count;
        private String step = "";
        private String error = "";

        Log(BuildProgress progress) {
            this.progress = progress;
        }

        void copy(InputStream in) throws IOException {
            lines(in, 0);
        }

        void skipThenCopy(InputStream in) throws IOException {
            long skip = count;
            lines(in, skip);
        }

        private void lines(InputStream in, long skip) throws IOException {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long seen = 0;
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (seen++ < skip) {
                        continue;
                    }
                    count++;
                    if (buf[i] == '\n') {
                        emit(line);
                    } else if (line.size() < 64 * 1024) {
                        line.write(buf[i]);
                    }
                }
            }
            if (line.size() > 0) {
                emit(line);
            }
        }

        private void emit(java.io.ByteArrayOutputStream line) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (STEP.matcher(text).matches()) {
                step = text;
            } else if (text.startsWith("ERROR: ") || text.startsWith("ERROR ")) {
                error = text;
            }
            progress.log(text);
        }

        /** " at Step 3/5 : RUN false (ERROR: exit status 1)", as much of it as the log told. */
        String where() {
            String at = step.isEmpty() ? "" : " at " + step;
            return at + (error.isEmpty() ? "" : (at.isEmpty() ? ": " : " (") + error + (at.isEmpty() ? "" : ")"));
        }
    }

    /** generateTempKey: "tmp/" and 30 hex digits of the SHA-256 of 1 KiB from the system's randomness. */
    static String tempKey() {
        byte[] data = new byte[1024];
        RANDOM.nextBytes(data);
        try {
            return "tmp/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 30);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal("stopped watching the build; it goes on in the rack");
        }
    }
}
