package dev.rackside.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** maxSurge / maxUnavailable of a Deployment's rolling update, resolved to pod counts as Kubernetes does. */
final class Rollout {
    private Rollout() {
    }

    /** Percentages round up for surge; default 25%. At least one pod may always be added. */
    static int maxSurge(Deployment d, int replicas) {
        IntOrString v = rolling(d) == null ? null : rolling(d).getMaxSurge();
        return Math.max(1, resolve(v, replicas, true));
    }

    /** Percentages round down for unavailability; default 25%. */
    static int maxUnavailable(Deployment d, int replicas) {
        IntOrString v = rolling(d) == null ? null : rolling(d).getMaxUnavailable();
        return resolve(v, replicas, false);
    }

    private static io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment rolling(Deployment d) {
        return d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
    }

    static int resolve(IntOrString v, int replicas, boolean roundUp) {
        if (v == null) {
            v = new IntOrString("25%");
        }
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal().trim();
        double percent = Double.parseDouble(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
        double pods = replicas * percent / 100.0;
        return (int) (roundUp ? Math.ceil(pods) : Math.floor(pods));
    }
}
