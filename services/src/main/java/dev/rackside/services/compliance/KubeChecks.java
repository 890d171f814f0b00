package dev.rackside.services.compliance;




import dev.rackside.services.model.compliance.Severity;
import dev.rackside.services.model.compliance.Concern;
import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.model.compliance.Check.Read;
import java.util.List;
import java.util.Map;

/**
 * The eight Kubernetes checks of compliance-catalog.md section 2, ids verbatim. They count toward the
 * isolation concern. Framework mappings follow the catalog's references (proposals where it marks them).
 */
public final class KubeChecks {
    private static final List<Read> WORKLOADS = List.of(Read.kube("", "namespaces"), Read.kube("", "pods"),
            Read.kube("apps", "deployments"), Read.kube("apps", "statefulsets"), Read.kube("apps", "daemonsets"),
            Read.kube("batch", "jobs"), Read.kube("batch", "cronjobs"));

    public static final Check NETPOL_DEFAULT_DENY = new Check("k8s-netpol-default-deny", Concern.ISOLATION,
            Severity.HIGH, "Every app namespace denies all traffic by default",
            "Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow what "
                    + "each service needs. It is enforced only where the cluster enforces NetworkPolicy "
                    + "(iso-eks-netpol-enforced).",
            Map.of("soc2", List.of("CC6.1", "CC6.6"), "pci", List.of("1.3.1"), "nist", List.of("SC-7", "SC-7(5)")),
            List.of(Read.kube("", "namespaces"), Read.kube("networking.k8s.io", "networkpolicies")));
    public static final Check PSS_ENFORCED = new Check("k8s-pss-enforced", Concern.ISOLATION, Severity.HIGH,
            "Pod Security Standards are enforced on every app namespace",
            "Label the namespace pod-security.kubernetes.io/enforce=restricted (baseline at the least).",
            Map.of("soc2", List.of("CC6.1"), "nist", List.of("CM-7", "AC-6")), List.of(Read.kube("", "namespaces")));
    public static final Check NO_PRIVILEGED = new Check("k8s-no-privileged", Concern.ISOLATION, Severity.CRITICAL,
            "No privileged containers, host namespaces, hostPath volumes or added capabilities",
            "Remove privileged: true, hostNetwork/hostPID/hostIPC, hostPath volumes and added capabilities (for a "
                    + "Convox service: privileged: false in convox.yml).",
            Map.of("soc2", List.of("CC6.1"), "nist", List.of("AC-6", "CM-7")), WORKLOADS);
    public static final Check RUN_AS_NON_ROOT = new Check("k8s-run-as-non-root", Concern.ISOLATION, Severity.HIGH,
            "Containers run as non-root, without privilege escalation, with ALL capabilities dropped and a "
                    + "seccomp profile",
            "Set securityContext runAsNonRoot: true, a non-zero runAsUser, allowPrivilegeEscalation: false, "
                    + "capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault.",
            Map.of("soc2", List.of("CC6.1"), "nist", List.of("AC-6")), WORKLOADS);
    public static final Check SECRETS_NOT_ENV = new Check("k8s-secrets-not-env", Concern.ISOLATION, Severity.LOW,
            "Secrets are mounted as files, not exposed as environment variables",
            "Mount secrets as volumes; where env is unavoidable (Convox puts the release env in env-<service>), record "
                    + "the exception with the workload annotation compliance.rackside.dev/secret-env-exception.",
            Map.of("soc2", List.of("CC6.1"), "nist", List.of("SC-28")), WORKLOADS);
    public static final Check RESOURCE_LIMITS = new Check("k8s-resource-limits", Concern.ISOLATION, Severity.MEDIUM,
            "Every container has cpu and memory limits (or a LimitRange default) and the namespace a ResourceQuota",
            "Set limits (convox.yml scale.limit) or a LimitRange default, and a ResourceQuota per app namespace.",
            Map.of("soc2", List.of("A1.1"), "nist", List.of("SC-6")),
            java.util.stream.Stream.concat(WORKLOADS.stream(), java.util.stream.Stream.of(Read.kube("",
                    "limitranges"), Read.kube("", "resourcequotas"))).toList());
    public static final Check SA_TOKEN_AUTOMOUNT = new Check("k8s-sa-token-automount", Concern.ISOLATION,
            Severity.MEDIUM, "Pods do not mount an API token they do not need, and do not run as the default account",
            "Set automountServiceAccountToken: false on the pod or its ServiceAccount, and give each workload its own "
                    + "ServiceAccount.",
            Map.of("soc2", List.of("CC6.1"), "nist", List.of("AC-6")),
            java.util.stream.Stream.concat(WORKLOADS.stream(), java.util.stream.Stream.of(Read.kube("",
                    "serviceaccounts"))).toList());
    public static final Check NO_DEFAULT_NS = new Check("k8s-no-default-ns", Concern.ISOLATION, Severity.LOW,
            "No app workloads in the default namespace", "Move the workloads into an app namespace.",
            Map.of("soc2", List.of("CC6.1"), "nist", List.of("CM-7")), WORKLOADS);

    public static final List<Check> ALL = List.of(NETPOL_DEFAULT_DENY, PSS_ENFORCED, NO_PRIVILEGED, RUN_AS_NON_ROOT,
            SECRETS_NOT_ENV, RESOURCE_LIMITS, SA_TOKEN_AUTOMOUNT, NO_DEFAULT_NS);

    private KubeChecks() {
    }
}
