package dev.rackside.services.testing;

import dev.rackside.services.kube.ConvoxObjects;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A running pod on the mock API whose log says what a test wants, including what a hostile or broken
 * program prints: escape sequences, tabs, a 1 MB line. The mock matches log requests by exact path and
 * query, so the body is registered for each query a reader may send.
 */
public final class LogFixtures {
    /** What a pod that attacks the terminal prints. */
    public static final String HOSTILE = "2026-11-26T10:00:01Z \u001b]0;owned\u0007\u001b[2J title and clear\n"
            + "2026-11-26T10:00:02Z ERROR\tpayment failed\n"
            + "2026-11-26T10:00:03Z \u001b]52;c;cm0gLXJmIH4=\u0007 clipboard\n"
            + "2026-11-26T10:00:04Z user \u202egnp.exe bidi\n";

    private LogFixtures() {
    }

    /** A pod of {@code app} on {@code rack} labelled as Convox labels it; its container is named after the app. */
    public static void runningPod(MockApi api, String rack, String app, String pod, String service) {
        String ns = rack + "-" + app;
        String container = app;
        api.client().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withNamespace(ns).withLabels(Map.of("service", service, "type", "service", "system", "convox",
                        "rack", rack, "app", app))
                .endMetadata().withNewSpec().addNewContainer().withName(container).withImage(container).endContainer()
                .endSpec().withStatus(ConvoxObjects.status(container, ConvoxObjects.PodState.RUNNING, 0, Instant.now()))
                .build()).create();
    }

    /** Serves {@code body} to a non-following read with {@code tailLines}. */
    public static void tail(MockApi api, String ns, String pod, String container, int lines, String body) {
        api.server().expect().get().withPath(base(ns, pod, container) + "&tailLines=" + lines + "&timestamps=true")
                .andReturn(200, body).always();
    }

    /**
     * Serves {@code body} to a following read that starts {@code sinceAgo} seconds before now, for any start
     * in the next {@code slack} seconds (the reader computes it when it opens), then nothing new after
     * {@code lastLine} (its reconnects).
     */
    public static void follow(MockApi api, String ns, String pod, String container, long sinceAgo, int slack,
            String body, Instant lastLine) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int s = -2; s <= slack; s++) {
            api.server().expect().get().withPath(base(ns, pod, container) + "&follow=true&sinceTime="
                    + enc(now.minusSeconds(sinceAgo).plusSeconds(s).toString()) + "&timestamps=true")
                    .andReturn(200, body).always();
        }
        api.server().expect().get().withPath(base(ns, pod, container) + "&follow=true&sinceTime="
                + enc(lastLine.truncatedTo(ChronoUnit.SECONDS).toString()) + "&timestamps=true")
                .andReturn(200, "").always();
    }

    private static String base(String ns, String pod, String container) {
        return "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?container=" + container;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
