package dev.rackside.services.kube;

/** The labels and annotations Convox v3 puts on what it creates (convox-model.md sections 1 and 8). */
public final class ConvoxLabels {
    public static final String SYSTEM = "system";
    public static final String CONVOX = "convox";
    public static final String RACK = "rack";
    public static final String TYPE = "type";
    public static final String APP = "app";
    public static final String NAME = "name";
    public static final String SERVICE = "service";
    public static final String RELEASE = "release";
    public static final String RESOURCE = "resource";
    public static final String KIND = "kind";

    public static final String ANN_LOCK = "convox.com/lock";
    public static final String ANN_PARAMS = "convox.com/params";
    public static final String ANN_RELEASE = "convox.com/app-release";
    public static final String ANN_STATUS = "convox.com/app-status";

    /** kubectl's copy of the whole object: large, and never needed to draw a table. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private ConvoxLabels() {
    }

    public static String rackSelector(String rack) {
        return SYSTEM + "=" + CONVOX + "," + RACK + "=" + rack;
    }

    public static String appNamespaceSelector(String rack) {
        return rackSelector(rack) + "," + TYPE + "=app";
    }

    public static String systemNamespace(String rack) {
        return rack + "-system";
    }

    public static String appNamespace(String rack, String app) {
        return rack + "-" + app;
    }
}
