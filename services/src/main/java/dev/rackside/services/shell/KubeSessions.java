package dev.rackside.services.shell;

import dev.rackside.services.api.Terminal;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.text.ShellQuote;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorChannelable;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * exec and run through Kubernetes, for racks with no usable rack API, the way the rack's own API does them
 * (convox 3.24.9 provider/k8s/process.go): pods/exec into the container named after the app, the command split
 * as a shell splits it, stdout and stderr on the one stream, a TTY unless the input is not a terminal, and the
 * terminal's resizes passed on. A one-off is a pod from the service's live Deployment template, labelled
 * {@code type=process} as Convox's are.
 */
public final class KubeSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration RUNNING_WITHIN = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final String namespace;
    private final String app;
    private final Clock clock;

    public KubeSessions(KubernetesClient client, String namespace, String app, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
        this.clock = clock;
    }

    public int exec(String process, String command, Terminal t) throws IOException {
        String pod = resolve(process);
        List<String> argv = ShellQuote.split(command);
        AtomicBoolean over = new AtomicBoolean();
        TtyExecErrorChannelable streams = client.pods().inNamespace(namespace).withName(pod).inContainer(app)
                .redirectingInput().writingOutput(t.output()).writingError(t.output());
        try (ExecWatch w = t.tty() ? streams.withTTY().exec(argv.toArray(String[]::new))
                : streams.exec(argv.toArray(String[]::new))) {
            if (t.tty()) {
                w.resize(t.size().columns(), t.size().rows());
                t.onResize(s -> {
                    if (!over.get()) {
                        w.resize(s.columns(), s.rows());
                    }
                });
            }
            Sessions.pump(t.input(), t.tty(), b -> Sessions.write(w.getInput(), b), () -> {
                try {
                    w.getInput().close();
                } catch (IOException e) {
                    // the session is ending anyway
                }
            }, over::get);
            try {
                Integer code = w.exitCode().get();
                return code == null ? 0 : code;
            } catch (ExecutionException e) {
                throw new IOException("the exec session failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                over.set(true);
            }
        }
    }

    /**
     * A pod by name; a service's name picks one of its running pods, as the rack API's ProcessExec does.
     *
     * @throws IOException when there is neither
     */
    private String resolve(String process) throws IOException {
        if (client.pods().inNamespace(namespace).withName(process).get() != null) {
            return process;
        }
        return client.pods().inNamespace(namespace).withLabel(ConvoxLabels.SERVICE, process).list().getItems()
                .stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getName()).sorted().findFirst()
                .orElseThrow(() -> new IOException("process not found: " + process));
    }

    /** A one-off pod of {@code service}; its name. It runs {@code args} and is not restarted. */
    public String runPod(String service, List<String> args, Optional<String> release) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(service).get();
        if (d == null) {
            throw new IllegalArgumentException("service " + service + " not found in " + app);
        }
        Map<String, String> labels = new HashMap<>(Optional.ofNullable(d.getSpec().getTemplate().getMetadata()
                .getLabels()).orElse(Map.of()));
        labels.put(ConvoxLabels.TYPE, "process");
        release.ifPresent(r -> labels.put(ConvoxLabels.RELEASE, r));
        PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(d.getSpec().getTemplate().getSpec())
                .withRestartPolicy("Never").build();
        spec.getContainers().get(0).setArgs(args);
        spec.getContainers().get(0).setReadinessProbe(null);
        spec.getContainers().get(0).setLivenessProbe(null);
        String name = service + "-" + suffix();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(Optional.ofNullable(d.getSpec().getTemplate().getMetadata().getAnnotations())
                        .orElse(Map.of())).endMetadata().withSpec(spec).build();
        client.pods().inNamespace(namespace).resource(pod).create();
        return name;
    }

    /** An attached one-off: a pod that sleeps, exec'd into once it runs, deleted when the session ends. */
    public int runAttached(String service, String command, Optional<String> release, Terminal t,
            java.util.function.Consumer<String> started) throws IOException {
        String pod = runPod(service, List.of("sleep", String.valueOf(ApiSessions.RUN_SECONDS)), release);
        started.accept(pod);
        try {
            waitRunning(pod);
            return exec(pod, command, t);
        } finally {
            try {
                client.pods().inNamespace(namespace).withName(pod).delete();
            } catch (RuntimeException e) {
                // best effort: the pod sleeps out its hour otherwise
            }
        }
    }

    public void stop(String pod) {
        client.pods().inNamespace(namespace).withName(pod).delete();
    }

    private void waitRunning(String pod) throws IOException {
        Instant until = clock.instant().plus(RUNNING_WITHIN);
        while (clock.instant().isBefore(until)) {
            Pod p = client.pods().inNamespace(namespace).withName(pod).get();
            String phase = p == null || p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase());
            if (phase.equals("Running")) {
                return;
            }
            if (phase.equals("Failed") || phase.equals("Succeeded") || p == null) {
                throw new IOException("pod " + pod + " is " + (p == null ? "gone" : phase)
                        + " before it could be attached to");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + pod);
            }
        }
        throw new IOException("pod " + pod + " was not running within " + RUNNING_WITHIN.toMinutes() + " minutes");
    }

    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
