package dev.rackside.services.rackapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Form parameters encoded exactly as the Convox SDK sends them: Go's {@code url.Values.Encode()} (keys sorted,
 * {@code url.QueryEscape}: space as '+', only {@code A-Za-z0-9-_.~} left as they are), which is what
 * stdsdk's {@code RequestOptions.Content} writes (convox/stdsdk options.go, vendored in convox 3.24.9).
 * Java's URLEncoder differs on '*' and '~', so the rack would receive other bytes than from the Convox CLI.
 */
public final class GoForm {
    private final Map<String, List<String>> values = new TreeMap<>();

    public GoForm set(String key, String value) {
        List<String> one = new ArrayList<>();
        one.add(value);
        values.put(key, one);
        return this;
    }

    /** {@code url.Values.Add}, for []string parameters marshalled one value at a time. */
    public GoForm add(String key, String value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The parameters as given, for a recording fake or a journal. */
    public Map<String, List<String>> values() {
        return values;
    }

    public String encode() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, vs) -> {
            for (String v : vs) {
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(escape(k)).append('=').append(escape(v));
            }
        });
        return b.toString();
    }

    /** Go's {@code url.QueryEscape}. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** Go's {@code url.ParseQuery}, for the fakes that read what rackside sent. */
    public static Map<String, List<String>> parse(String body) {
        Map<String, List<String>> out = new TreeMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.computeIfAbsent(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
                    .add(java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
