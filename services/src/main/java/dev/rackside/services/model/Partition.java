package dev.rackside.services.model;

/** AWS partitions by region prefix; the SDK agrees (Region.metadata().partition()) but this needs no SDK. */
public final class Partition {
    public static final String AWS = "aws";
    public static final String GOVCLOUD = "aws-us-gov";
    public static final String CHINA = "aws-cn";

    private Partition() {
    }

    public static String ofRegion(String region) {
        if (region.startsWith("us-gov-")) {
            return GOVCLOUD;
        }
        if (region.startsWith("cn-")) {
            return CHINA;
        }
        return AWS;
    }
}
