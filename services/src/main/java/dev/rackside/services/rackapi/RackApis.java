package dev.rackside.services.rackapi;

import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.KubeErrors;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.model.Rack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The session's way to each rack's own Convox API, found once per rack, in this order:
 * <ol>
 * <li>racks.yaml {@code api: https://api.<domain>}: the password from the URL's userinfo, else the Convox CLI's
 *     auth file ({@code $CONVOX_CONFIG/auth}, JSON host → password), else the Secret below;</li>
 * <li>otherwise through the Kubernetes API with the rack's kube credentials: a port-forward to a ready pod of
 *     Service {@code api} in {@code <rack>-system} (port 5443), the password from Secret {@code api-password}
 *     there (none: authentication is off, as Convox allows). Not the API server's service proxy: the API server
 *     removes the Authorization header of what it proxies once it has used it (kubernetes#38775), so the rack
 *     would never see its password.</li>
 * </ol>
 * A cluster with no Deployment {@code api} in {@code <rack>-system} has no rack API (a bare cluster); one whose
 * API cannot be reached or refuses the password is remembered as down for a short while, and said why.
 * The password is held in memory only: never logged, printed, journaled or written by rackside.
 */
public final class RackApis implements AutoCloseable {
    public static final int API_PORT = 5443;
    private static final Duration DOWN_FOR = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How to reach a rack's API right now. */
    public sealed interface Choice permits Api, NoApi, Down {
    }

    /** The rack API, ready to use. */
    public record Api(RackApi api) implements Choice {
    }

    /** The cluster runs no rack API: writes go straight to Kubernetes. */
    public record NoApi(String why) implements Choice {
    }

    /** The rack has an API that cannot be used now. */
    public record Down(String why) implements Choice {
    }

    private final RackClients kube;
    private final String version;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, RackApi> open = new ConcurrentHashMap<>();
    private final Map<String, Down> down = new ConcurrentHashMap<>();
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();

    /**
     * @param version rackside's version, in the User-Agent
     * @param timeout the patience of one API call
     */
    public RackApis(RackClients kube, String version, Duration timeout, Clock clock) {
        this.kube = kube;
        this.version = version;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The API of {@code rack}, or why there is none to use. Blocks on the network the first time. */
    public synchronized Choice choose(Rack rack) {
        Down d = down.get(rack.name());
        if (d != null) {
            if (Duration.between(downSince.get(rack.name()), clock.instant()).compareTo(DOWN_FOR) < 0) {
                return d;
            }
            down.remove(rack.name());
        }
        RackApi api = open.get(rack.name());
        if (api != null) {
            return new Api(api);
        }
        Choice c;
        try {
            c = rack.settings().api().isPresent() ? configured(rack) : throughKubernetes(rack);
        } catch (RuntimeException e) {
            c = new Down(String.valueOf(e.getMessage()));
        }
        if (c instanceof Api a) {
            open.put(rack.name(), a.api());
        } else if (c instanceof Down x) {
            markDown(rack, x.why());
        }
        return c;
    }

    /** The API failed in a way that says it cannot be used (not answered, 401): stop trying it for a while. */
    public synchronized void markDown(Rack rack, String why) {
        down.put(rack.name(), new Down(why));
        downSince.put(rack.name(), clock.instant());
        RackApi api = open.remove(rack.name());
        if (api != null) {
            api.close();
        }
    }

    private Choice configured(Rack rack) {
        URI url = rack.settings().api().orElseThrow();
        Optional<String> password = fromUserInfo(url).or(() -> fromAuthFile(url)).or(() -> fromSecret(rack));
        ApiTrust trust = rack.settings().apiCA().map(ApiTrust::ca).orElse(ApiTrust.system());
        Endpoint ep = new Endpoint(Endpoint.withoutUserInfo(url), password, trust, "racks.yaml api");
        return new Api(new RackApi(ep, kube.operator(rack), version, timeout, Optional.empty()));
    }

    private Choice throughKubernetes(Rack rack) {
        if (rack.context().isEmpty()) {
            return new Down("rack " + rack.name() + " has no kube context and no api: URL in racks.yaml");
        }
        KubernetesClient client = kube.of(rack);
        String ns = ConvoxLabels.systemNamespace(rack.internalName());
        Deployment d;
        try {
            d = client.apps().deployments().inNamespace(ns).withName("api").get();
        } catch (RuntimeException e) {
            return new Down("cannot read Deployment api in " + ns + ": " + KubeErrors.describe(e));
        }
        if (d == null) {
            return new NoApi("no Deployment api in " + ns + ": this cluster runs no Convox rack API");
        }
        if (d.getSpec() != null && Integer.valueOf(0).equals(d.getSpec().getReplicas())) {
            return new Down("Deployment api in " + ns + " is scaled to 0");
        }
        Optional<String> password;
        try {
            Secret s = client.secrets().inNamespace(ns).withName("api-password").get();
            password = s == null || s.getData() == null || !s.getData().containsKey("value") ? Optional.empty()
                    : Optional.of(new String(Base64.getDecoder().decode(s.getData().get("value")),
                            StandardCharsets.UTF_8)).filter(p -> !p.isEmpty());
        } catch (RuntimeException e) {
            return new Down("cannot read Secret api-password in " + ns + " (" + KubeErrors.describe(e)
                    + "); give racks.yaml an api: URL with the password, or the Convox CLI's login");
        }
        LocalPortForward tunnel;
        try {
            tunnel = tunnel(client, ns);
        } catch (RuntimeException e) {
            return new Down("cannot open a tunnel to the rack API in " + ns + ": " + KubeErrors.describe(e));
        }
        URI base = URI.create("https://127.0.0.1:" + tunnel.getLocalPort());
        Endpoint ep = new Endpoint(base, password, ApiTrust.tunnel(rack.settings().apiCA()), "kubernetes tunnel");
        return new Api(new RackApi(ep, kube.operator(rack), version, timeout, Optional.of(tunnel)));
    }

    /** A port-forward to a ready pod behind Service {@code api}, on its target port for 5443. */
    private static LocalPortForward tunnel(KubernetesClient client, String ns) {
        io.fabric8.kubernetes.api.model.Service svc = client.services().inNamespace(ns).withName("api").get();
        if (svc == null || svc.getSpec() == null || svc.getSpec().getSelector() == null) {
            throw new IllegalStateException("no Service api with a selector in " + ns);
        }
        int target = API_PORT;
        for (ServicePort p : svc.getSpec().getPorts()) {
            if (p.getPort() != null && p.getPort() == API_PORT && p.getTargetPort() != null
                    && p.getTargetPort().getIntVal() != null) {
                target = p.getTargetPort().getIntVal();
            }
        }
        Pod pod = client.pods().inNamespace(ns).withLabels(svc.getSpec().getSelector()).list().getItems().stream()
                .filter(RackApis::ready).findFirst().orElseThrow(() -> new IllegalStateException(
                        "no ready pod behind Service api in " + ns));
        return client.pods().inNamespace(ns).withName(pod.getMetadata().getName())
                .portForward(target, InetAddress.getLoopbackAddress(), 0);
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions()
                != null && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()));
    }

    static Optional<String> fromUserInfo(URI url) {
        String ui = url.getUserInfo();
        if (ui == null || ui.isEmpty()) {
            return Optional.empty();
        }
        int colon = ui.indexOf(':');
        return Optional.of(colon < 0 ? ui : ui.substring(colon + 1)).filter(p -> !p.isEmpty());
    }

    /** The Convox CLI's {@code auth} settings file: a JSON map of host to password (pkg/cli/login.go). */
    private Optional<String> fromAuthFile(URI url) {
        Path file = kube.env().convoxConfig().resolve("auth");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            String host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
            for (String key : new String[] {host, url.getHost()}) {
                if (n.hasNonNull(key) && !n.get(key).asString("").isEmpty()) {
                    return Optional.of(n.get(key).asString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable auth file is no password; the API will say 401, and that is reported
        }
        return Optional.empty();
    }

    private Optional<String> fromSecret(Rack rack) {
        if (rack.context().isEmpty()) {
            return Optional.empty();
        }
        try {
            Secret s = kube.of(rack).secrets().inNamespace(ConvoxLabels.systemNamespace(rack.internalName()))
                    .withName("api-password").get();
            return s == null || s.getData() == null || !s.getData().containsKey("value") ? Optional.empty()
                    : Optional.of(new String(Base64.getDecoder().decode(s.getData().get("value")),
                            StandardCharsets.UTF_8)).filter(p -> !p.isEmpty());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(RackApi::close);
        open.clear();
    }
}
