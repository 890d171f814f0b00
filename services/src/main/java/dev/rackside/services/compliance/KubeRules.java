package dev.rackside.services.compliance;





import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Check;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kubernetes checks as pure functions of an {@link Inventory}: no API calls. Workloads are the pod
 * templates of Deployments, StatefulSets, DaemonSets, Jobs (not those a CronJob made) and CronJobs, plus
 * pods no controller owns; containers, init containers and ephemeral containers all count. A namespace
 * whose read failed gives ERROR for the checks that needed it, never a pass.
 */
public final class KubeRules {
    /** The capabilities Pod Security Baseline allows to be added. */
    private static final Set<String> BASELINE_CAPS = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    public static final String SECRET_ENV_EXCEPTION = "compliance.rackside.dev/secret-env-exception";

    /** A pod template and whose it is. */
    record Workload(String namespace, String kind, String name, PodSpec spec, Map<String, String> annotations) {
        String resource() {
            return "k8s:" + namespace + "/" + kind + "/" + name;
        }
    }

    private KubeRules() {
    }

    public static List<Finding> evaluate(Inventory inv) {
        List<Finding> out = new ArrayList<>();
        Optional<Inventory.Entry> nsEntry = inv.get(KubeCollector.NAMESPACES);
        if (nsEntry.isEmpty()) {
            String why = inv.failure(KubeCollector.NAMESPACES).orElse("not read");
            for (Check c : KubeChecks.ALL) {
                out.add(new Finding(c, Status.ERROR, "k8s:namespaces", "", "could not list the rack's app namespaces: "
                        + why, List.of()));
            }
            return out;
        }
        List<Namespace> namespaces = Serialization.unmarshal(nsEntry.get().body(), NamespaceList.class).getItems();
        if (namespaces.isEmpty()) {
            for (Check c : KubeChecks.ALL) {
                if (c != KubeChecks.NO_DEFAULT_NS) {
                    out.add(new Finding(c, Status.NOT_APPLICABLE, "k8s:namespaces", "", "the rack has no app namespaces",
                            List.of(nsEntry.get().sha256())));
                }
            }
        }
        for (Namespace ns : namespaces) {
            String name = ns.getMetadata().getName();
            netpol(inv, name, nsEntry.get(), out);
            pss(ns, nsEntry.get(), out);
            workloads(inv, name, out);
        }
        noDefaultNamespace(inv, out);
        return out;
    }

    private static void netpol(Inventory inv, String ns, Inventory.Entry nsEntry, List<Finding> out) {
        Check c = KubeChecks.NETPOL_DEFAULT_DENY;
        String key = KubeCollector.key("networkpolicies", ns);
        Optional<Inventory.Entry> e = inv.get(key);
        if (e.isEmpty()) {
            out.add(error(c, "k8s:" + ns, key, inv));
            return;
        }
        List<NetworkPolicy> policies = Serialization.unmarshal(e.get().body(),
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList.class).getItems();
        for (NetworkPolicy p : policies) {
            var spec = p.getSpec();
            boolean allPods = spec.getPodSelector() == null || (empty(spec.getPodSelector().getMatchLabels())
                    && empty(spec.getPodSelector().getMatchExpressions()));
            List<String> types = spec.getPolicyTypes() == null ? List.of() : spec.getPolicyTypes();
            if (allPods && types.contains("Ingress") && types.contains("Egress") && empty(spec.getIngress())
                    && empty(spec.getEgress())) {
                out.add(new Finding(c, Status.PASS, "k8s:" + ns, "", "NetworkPolicy " + p.getMetadata().getName()
                        + " denies all ingress and egress by default", List.of(nsEntry.sha256(), e.get().sha256())));
                return;
            }
        }
        out.add(new Finding(c, Status.FAIL, "k8s:" + ns, "", policies.isEmpty()
                ? "namespace " + ns + " has no NetworkPolicy"
                : "namespace " + ns + " has " + policies.size() + " NetworkPolicies, none with an empty podSelector, "
                        + "policyTypes Ingress and Egress, and no rules", List.of(nsEntry.sha256(), e.get().sha256())));
    }

    private static void pss(Namespace ns, Inventory.Entry nsEntry, List<Finding> out) {
        Check c = KubeChecks.PSS_ENFORCED;
        String level = Optional.ofNullable(ns.getMetadata().getLabels()).map(l -> l.get(
                "pod-security.kubernetes.io/enforce")).orElse(null);
        String res = "k8s:" + ns.getMetadata().getName();
        List<String> ev = List.of(nsEntry.sha256());
        if ("restricted".equals(level)) {
            out.add(new Finding(c, Status.PASS, res, "", "enforces restricted", ev));
        } else if ("baseline".equals(level)) {
            out.add(new Finding(c, Status.PASS, res, "", "enforces baseline (the minimum; restricted is the goal)", ev));
        } else {
            out.add(new Finding(c, Status.FAIL, res, "", level == null
                    ? "no pod-security.kubernetes.io/enforce label"
                    : "pod-security.kubernetes.io/enforce is '" + level + "'", ev));
        }
    }

    private static void workloads(Inventory inv, String ns, List<Finding> out) {
        List<String> evidence = new ArrayList<>();
        List<Workload> all = new ArrayList<>();
        Optional<String> failed = collect(inv, ns, all, evidence);
        List<Check> checks = List.of(KubeChecks.NO_PRIVILEGED, KubeChecks.RUN_AS_NON_ROOT, KubeChecks.SECRETS_NOT_ENV,
                KubeChecks.RESOURCE_LIMITS, KubeChecks.SA_TOKEN_AUTOMOUNT);
        if (failed.isPresent()) {
            for (Check c : checks) {
                out.add(error(c, "k8s:" + ns, failed.get(), inv));
            }
            return;
        }
        if (all.isEmpty()) {
            for (Check c : checks) {
                out.add(new Finding(c, Status.NOT_APPLICABLE, "k8s:" + ns, "", "no workloads in " + ns, evidence));
            }
        }
        Optional<Inventory.Entry> limitRanges = inv.get(KubeCollector.key("limitranges", ns));
        Optional<Inventory.Entry> quotas = inv.get(KubeCollector.key("resourcequotas", ns));
        Optional<Inventory.Entry> accounts = inv.get(KubeCollector.key("serviceaccounts", ns));
        boolean limitDefaults = limitRanges.map(e -> Serialization.unmarshal(e.body(),
                io.fabric8.kubernetes.api.model.LimitRangeList.class).getItems().stream()
                .anyMatch(KubeRules::defaultsCpuAndMemory)).orElse(false);
        for (Workload w : all) {
            privileged(w, evidence, out);
            nonRoot(w, evidence, out);
            secretsEnv(w, evidence, out);
            limits(w, limitDefaults, limitRanges.isPresent(), inv, ns, evidence, out);
            token(w, accounts, inv, ns, evidence, out);
        }
        if (quotas.isEmpty()) {
            out.add(error(KubeChecks.RESOURCE_LIMITS, "k8s:" + ns, KubeCollector.key("resourcequotas", ns), inv));
        } else if (Serialization.unmarshal(quotas.get().body(), io.fabric8.kubernetes.api.model.ResourceQuotaList.class)
                .getItems().isEmpty()) {
            out.add(new Finding(KubeChecks.RESOURCE_LIMITS, Status.FAIL, "k8s:" + ns, "", "namespace " + ns
                    + " has no ResourceQuota", List.of(quotas.get().sha256())));
        }
    }

    /** The namespace's workloads; the key of the first read that failed, if one did. */
    private static Optional<String> collect(Inventory inv, String ns, List<Workload> all, List<String> evidence) {
        for (String kind : List.of("deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "pods")) {
            String key = KubeCollector.key(kind, ns);
            Optional<Inventory.Entry> e = inv.get(key);
            if (e.isEmpty()) {
                return Optional.of(key);
            }
            evidence.add(e.get().sha256());
            switch (kind) {
                case "deployments" -> Serialization.unmarshal(e.get().body(),
                        io.fabric8.kubernetes.api.model.apps.DeploymentList.class).getItems().forEach(d -> all.add(
                                template(d, d.getSpec().getTemplate())));
                case "statefulsets" -> Serialization.unmarshal(e.get().body(),
                        io.fabric8.kubernetes.api.model.apps.StatefulSetList.class).getItems().forEach(d -> all.add(
                                template(d, d.getSpec().getTemplate())));
                case "daemonsets" -> Serialization.unmarshal(e.get().body(),
                        io.fabric8.kubernetes.api.model.apps.DaemonSetList.class).getItems().forEach(d -> all.add(
                                template(d, d.getSpec().getTemplate())));
                case "jobs" -> Serialization.unmarshal(e.get().body(),
                        io.fabric8.kubernetes.api.model.batch.v1.JobList.class).getItems().stream()
                        .filter(j -> !ownedBy(j, "CronJob")).forEach(j -> all.add(template(j,
                                j.getSpec().getTemplate())));
                case "cronjobs" -> Serialization.unmarshal(e.get().body(),
                        io.fabric8.kubernetes.api.model.batch.v1.CronJobList.class).getItems().forEach(j -> all.add(
                                template(j, j.getSpec().getJobTemplate().getSpec().getTemplate())));
                default -> Serialization.unmarshal(e.get().body(), io.fabric8.kubernetes.api.model.PodList.class)
                        .getItems().stream().filter(p -> p.getMetadata().getOwnerReferences() == null
                                || p.getMetadata().getOwnerReferences().isEmpty())
                        .forEach(p -> all.add(new Workload(ns, "Pod", p.getMetadata().getName(), p.getSpec(),
                                annotations(p))));
            }
        }
        return Optional.empty();
    }

    private static Workload template(HasMetadata owner, io.fabric8.kubernetes.api.model.PodTemplateSpec t) {
        Map<String, String> ann = new java.util.HashMap<>(annotations(owner));
        if (t.getMetadata() != null && t.getMetadata().getAnnotations() != null) {
            ann.putAll(t.getMetadata().getAnnotations());
        }
        return new Workload(owner.getMetadata().getNamespace(), owner.getKind(), owner.getMetadata().getName(),
                t.getSpec(), ann);
    }

    private static Map<String, String> annotations(HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
    }

    private static boolean ownedBy(HasMetadata o, String kind) {
        return o.getMetadata().getOwnerReferences() != null && o.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> kind.equals(r.getKind()));
    }

    private static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getEphemeralContainers() != null) {
            spec.getEphemeralContainers().forEach(e -> all.add(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName(e.getName()).withSecurityContext(e.getSecurityContext()).withEnv(e.getEnv())
                    .withEnvFrom(e.getEnvFrom()).withResources(e.getResources()).build()));
        }
        return all;
    }

    private static void privileged(Workload w, List<String> ev, List<Finding> out) {
        List<String> bad = new ArrayList<>();
        PodSpec s = w.spec();
        if (Boolean.TRUE.equals(s.getHostNetwork())) {
            bad.add("hostNetwork");
        }
        if (Boolean.TRUE.equals(s.getHostPID())) {
            bad.add("hostPID");
        }
        if (Boolean.TRUE.equals(s.getHostIPC())) {
            bad.add("hostIPC");
        }
        for (Volume v : s.getVolumes() == null ? List.<Volume>of() : s.getVolumes()) {
            if (v.getHostPath() != null) {
                bad.add("hostPath volume " + v.getName() + " (" + v.getHostPath().getPath() + ")");
            }
        }
        for (Container c : containers(s)) {
            SecurityContext sc = c.getSecurityContext();
            if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                bad.add("container " + c.getName() + " privileged");
            }
            if (sc != null && sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null) {
                for (String cap : sc.getCapabilities().getAdd()) {
                    if (!BASELINE_CAPS.contains(cap)) {
                        bad.add("container " + c.getName() + " adds " + cap);
                    }
                }
            }
        }
        out.add(verdict(KubeChecks.NO_PRIVILEGED, w, bad, "no privileged settings", ev));
    }

    private static void nonRoot(Workload w, List<String> ev, List<Finding> out) {
        List<String> bad = new ArrayList<>();
        PodSecurityContext pod = w.spec().getSecurityContext();
        for (Container c : containers(w.spec())) {
            SecurityContext sc = c.getSecurityContext();
            Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
                    : pod == null ? null : pod.getRunAsNonRoot();
            Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser()
                    : pod == null ? null : pod.getRunAsUser();
            String seccomp = sc != null && sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : pod == null || pod.getSeccompProfile() == null ? null : pod.getSeccompProfile().getType();
            List<String> miss = new ArrayList<>();
            if (!Boolean.TRUE.equals(nonRoot)) {
                miss.add("runAsNonRoot not true");
            }
            if (user != null && user == 0) {
                miss.add("runAsUser 0");
            }
            if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                miss.add("allowPrivilegeEscalation not false");
            }
            if (sc == null || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                    || !sc.getCapabilities().getDrop().contains("ALL")) {
                miss.add("capabilities.drop lacks ALL");
            }
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                miss.add("seccompProfile " + (seccomp == null ? "unset" : seccomp));
            }
            if (!miss.isEmpty()) {
                bad.add("container " + c.getName() + ": " + String.join(", ", miss));
            }
        }
        out.add(verdict(KubeChecks.RUN_AS_NON_ROOT, w, bad, "every container runs as non-root, locked down", ev));
    }

    private static void secretsEnv(Workload w, List<String> ev, List<Finding> out) {
        List<String> bad = new ArrayList<>();
        for (Container c : containers(w.spec())) {
            if (c.getEnv() != null) {
                c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> bad.add("container " + c.getName() + " env " + e.getName() + " from secret "
                                + e.getValueFrom().getSecretKeyRef().getName()));
            }
            if (c.getEnvFrom() != null) {
                c.getEnvFrom().stream().filter(e -> e.getSecretRef() != null).forEach(e -> bad.add("container "
                        + c.getName() + " envFrom secret " + e.getSecretRef().getName()));
            }
        }
        String exception = w.annotations().get(SECRET_ENV_EXCEPTION);
        if (!bad.isEmpty() && exception != null) {
            out.add(new Finding(KubeChecks.SECRETS_NOT_ENV, Status.PASS, w.resource(), "", "secrets in env by recorded "
                    + "exception (" + SECRET_ENV_EXCEPTION + ": " + exception + "): " + String.join("; ", bad), ev));
            return;
        }
        out.add(verdict(KubeChecks.SECRETS_NOT_ENV, w, bad, "no secret reaches the environment", ev));
    }

    private static void limits(Workload w, boolean limitDefaults, boolean rangesRead, Inventory inv, String ns,
            List<String> ev, List<Finding> out) {
        if (!rangesRead) {
            out.add(error(KubeChecks.RESOURCE_LIMITS, w.resource(), KubeCollector.key("limitranges", ns), inv));
            return;
        }
        List<String> bad = new ArrayList<>();
        for (Container c : containers(w.spec())) {
            Map<String, ?> lim = c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                    : c.getResources().getLimits();
            List<String> miss = new ArrayList<>();
            for (String r : List.of("cpu", "memory")) {
                if (!lim.containsKey(r)) {
                    miss.add(r);
                }
            }
            if (!miss.isEmpty() && !limitDefaults) {
                bad.add("container " + c.getName() + " has no " + String.join(" or ", miss) + " limit");
            }
        }
        out.add(verdict(KubeChecks.RESOURCE_LIMITS, w, bad, limitDefaults ? "limits set or defaulted by a LimitRange"
                : "every container has cpu and memory limits", ev));
    }

    private static boolean defaultsCpuAndMemory(LimitRange r) {
        for (LimitRangeItem i : r.getSpec() == null || r.getSpec().getLimits() == null ? List.<LimitRangeItem>of()
                : r.getSpec().getLimits()) {
            if ("Container".equals(i.getType()) && i.getDefault() != null && i.getDefault().containsKey("cpu")
                    && i.getDefault().containsKey("memory")) {
                return true;
            }
        }
        return false;
    }

    private static void token(Workload w, Optional<Inventory.Entry> accounts, Inventory inv, String ns,
            List<String> ev, List<Finding> out) {
        if (accounts.isEmpty()) {
            out.add(error(KubeChecks.SA_TOKEN_AUTOMOUNT, w.resource(), KubeCollector.key("serviceaccounts", ns), inv));
            return;
        }
        String sa = w.spec().getServiceAccountName() == null || w.spec().getServiceAccountName().isEmpty() ? "default"
                : w.spec().getServiceAccountName();
        Optional<ServiceAccount> account = Serialization.unmarshal(accounts.get().body(),
                io.fabric8.kubernetes.api.model.ServiceAccountList.class).getItems().stream()
                .filter(a -> a.getMetadata().getName().equals(sa)).findFirst();
        List<String> bad = new ArrayList<>();
        if (sa.equals("default")) {
            bad.add("runs as the default ServiceAccount");
        }
        boolean off = Boolean.FALSE.equals(w.spec().getAutomountServiceAccountToken())
                || (w.spec().getAutomountServiceAccountToken() == null && account.map(a -> Boolean.FALSE.equals(
                        a.getAutomountServiceAccountToken())).orElse(false));
        if (!off) {
            bad.add("mounts an API token (automountServiceAccountToken not false on the pod or ServiceAccount " + sa
                    + ")");
        }
        List<String> evidence = new ArrayList<>(ev);
        evidence.add(accounts.get().sha256());
        out.add(verdict(KubeChecks.SA_TOKEN_AUTOMOUNT, w, bad, "own ServiceAccount " + sa + ", no API token mounted",
                evidence));
    }

    private static void noDefaultNamespace(Inventory inv, List<Finding> out) {
        List<Workload> all = new ArrayList<>();
        List<String> ev = new ArrayList<>();
        Optional<String> failed = collect(inv, "default", all, ev);
        if (failed.isPresent()) {
            out.add(error(KubeChecks.NO_DEFAULT_NS, "k8s:default", failed.get(), inv));
            return;
        }
        if (all.isEmpty()) {
            out.add(new Finding(KubeChecks.NO_DEFAULT_NS, Status.PASS, "k8s:default", "", "no workloads in default", ev));
        }
        for (Workload w : all) {
            out.add(new Finding(KubeChecks.NO_DEFAULT_NS, Status.FAIL, w.resource(), "", w.kind() + " " + w.name()
                    + " runs in the default namespace", ev));
        }
    }

    private static Finding verdict(Check c, Workload w, List<String> bad, String ok, List<String> ev) {
        return bad.isEmpty() ? new Finding(c, Status.PASS, w.resource(), "", ok, ev)
                : new Finding(c, Status.FAIL, w.resource(), "", String.join("; ", bad), ev);
    }

    private static Finding error(Check c, String resource, String key, Inventory inv) {
        return new Finding(c, Status.ERROR, resource, "", "could not read " + key.substring("k8s:".length()) + ": "
                + inv.failure(key).orElse("not read"), List.of());
    }

    private static boolean empty(Object o) {
        return o == null || (o instanceof java.util.Collection<?> c && c.isEmpty())
                || (o instanceof Map<?, ?> m && m.isEmpty());
    }
}
