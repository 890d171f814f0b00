package dev.rackside.services.compliance.aws;

/**
 * Inventory keys of AWS reads: {@code aws:<region>:<service>:<Operation>[:<argument>]}, with {@code -} as the
 * region of partition-wide reads (S3 buckets, S3 Control). The collectors write under these keys and the
 * rules read them, so both spell them from here.
 */
final class Keys {
    /** What the run was scoped to (rack, cluster, regions, account): the rules' only other input. */
    static final String SCOPE = "rackside:aws-scope";
    static final String GLOBAL = "-";

    private Keys() {
    }

    static String of(String region, String operation, String... args) {
        StringBuilder b = new StringBuilder("aws:").append(region).append(':').append(operation);
        for (String a : args) {
            b.append(':').append(a);
        }
        return b.toString();
    }
}
