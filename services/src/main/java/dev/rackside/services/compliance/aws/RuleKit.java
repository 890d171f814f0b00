package dev.rackside.services.compliance.aws;

import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What every AWS rule shares: judging one resource with the evidence it was decided on. A rule asks for the
 * reads it needs through {@link Ev}; a read that failed (AccessDenied, throttling) makes that finding ERROR,
 * one the partition does not have makes it NOT_APPLICABLE, and the other findings still evaluate.
 */
final class RuleKit {
    /** A rule's decision on one resource. */
    record Verdict(Status status, String message) {
        static Verdict pass(String m) {
            return new Verdict(Status.PASS, m);
        }

        static Verdict fail(String m) {
            return new Verdict(Status.FAIL, m);
        }

        static Verdict notApplicable(String m) {
            return new Verdict(Status.NOT_APPLICABLE, m);
        }

        /** FAIL with the reasons joined, or PASS with {@code ok} when there are none. */
        static Verdict of(List<String> problems, String ok) {
            return problems.isEmpty() ? pass(ok) : fail(String.join("; ", problems));
        }
    }

    /**
     * A check made of independent reads: each part adds the problems it finds; a part whose read is missing is
     * remembered. A certain FAIL is never hidden behind an unreadable part (the message says what could not be
     * read); without one, the missing read decides (ERROR or NOT_APPLICABLE); otherwise PASS.
     */
    static final class Parts {
        final List<String> problems = new java.util.ArrayList<>();
        private Unavailable missing;

        void read(Runnable part) {
            try {
                part.run();
            } catch (Unavailable u) {
                if (missing == null) {
                    missing = u;
                }
            }
        }

        Verdict verdict(String ok) {
            if (!problems.isEmpty()) {
                return Verdict.fail(String.join("; ", problems) + (missing == null ? ""
                        : "; not read: " + missing.getMessage()));
            }
            if (missing != null) {
                throw missing;
            }
            return Verdict.pass(ok);
        }
    }

    /** Raised by {@link Ev#need} when a read is missing: the finding becomes ERROR or NOT_APPLICABLE. */
    static final class Unavailable extends RuntimeException {
        final Status status;

        Unavailable(Status status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The reads one finding used. */
    final class Ev {
        private final Set<String> evidence = new LinkedHashSet<>();

        /** The read under {@code key}; it must have been made. */
        JsonNode need(String key) {
            return opt(key).orElseThrow(() -> new Unavailable(Status.ERROR, "not read: " + key));
        }

        /** The read under {@code key}, empty when it was never made (not in scope); a failed read throws. */
        Optional<JsonNode> opt(String key) {
            Inventory inv = facts.inventory();
            Optional<Inventory.Entry> e = inv.get(key);
            if (e.isPresent()) {
                evidence.add(e.get().sha256());
                return facts.json(key);
            }
            Optional<String> absent = inv.absence(key);
            if (absent.isPresent()) {
                throw new Unavailable(Status.NOT_APPLICABLE, "not available in partition " + scope.partition() + ": "
                        + operation(key) + " (" + absent.get() + ")");
            }
            Optional<String> failed = inv.failure(key);
            if (failed.isPresent()) {
                throw new Unavailable(Status.ERROR, operation(key) + " failed: " + failed.get());
            }
            return Optional.empty();
        }

        /** Takes over the evidence another evaluation gathered (several regions summed up in one finding). */
        void absorb(Ev other) {
            evidence.addAll(other.evidence);
        }

        /** When the read under {@code key} was answered (for "delivered within 24 h" rules). */
        Instant at(String key) {
            return facts.inventory().get(key).map(Inventory.Entry::at).orElse(Instant.EPOCH);
        }
    }

    final AwsFacts facts;
    final KeyFacts keys;
    final Scope scope;
    private final List<Finding> out;

    RuleKit(AwsFacts facts, Scope scope, List<Finding> out) {
        this.facts = facts;
        this.keys = new KeyFacts(facts);
        this.scope = scope;
        this.out = out;
    }

    /** Judges one resource; a missing read becomes the finding's ERROR or NOT_APPLICABLE. */
    void judge(Check check, String resource, String region, Function<Ev, Verdict> rule) {
        Ev ev = new Ev();
        Verdict v;
        try {
            v = rule.apply(ev);
        } catch (Unavailable u) {
            v = new Verdict(u.status, u.getMessage());
        }
        out.add(new Finding(check, v.status(), resource, region, v.message(), List.copyOf(ev.evidence)));
    }

    /** Records a verdict reached outside {@link #judge}, with the evidence {@code ev} gathered. */
    void record(Check check, String resource, String region, Ev ev, Verdict v) {
        out.add(new Finding(check, v.status(), resource, region, v.message(), List.copyOf(ev.evidence)));
    }

    /**
     * The resources a check covers, read through {@code list}; when the list cannot be read, or is empty,
     * one finding says so (ERROR, or NOT_APPLICABLE with {@code none}) and the result is empty.
     */
    <T> List<T> each(Check check, String resource, Function<Ev, List<T>> list, String none) {
        Ev ev = new Ev();
        try {
            List<T> got = list.apply(ev);
            if (got.isEmpty()) {
                out.add(new Finding(check, Status.NOT_APPLICABLE, resource, scope.region(), none,
                        List.copyOf(ev.evidence)));
            }
            return got;
        } catch (Unavailable u) {
            out.add(new Finding(check, u.status, resource, scope.region(), u.getMessage(), List.copyOf(ev.evidence)));
            return List.of();
        }
    }

    /** The rack's cluster, or NOT_APPLICABLE when the region has no cluster named after the rack. */
    JsonNode cluster(Ev ev) {
        JsonNode n = ev.need(facts.clusterKey(scope));
        if (AwsFacts.unset(n).isPresent()) {
            throw new Unavailable(Status.NOT_APPLICABLE, "no EKS cluster named " + scope.rack() + " in "
                    + scope.region());
        }
        return n.path("cluster");
    }

    /** The rack cluster's VPC (NOT_APPLICABLE without a cluster, ERROR when it cannot be told). */
    String vpc(Ev ev) {
        cluster(ev);
        return facts.vpcId(scope).orElseThrow(() -> new Unavailable(Status.ERROR, "cannot tell the VPC of cluster "
                + scope.rack() + ": resourcesVpcConfig has no vpcId and its subnets were not read"));
    }

    /** The rack's RDS instances and clusters (both lists must have been read). */
    List<JsonNode> databases(Ev ev) {
        ev.need(Keys.of(scope.region(), "rds:DescribeDBInstances"));
        ev.need(Keys.of(scope.region(), "rds:DescribeDBClusters"));
        List<JsonNode> all = new java.util.ArrayList<>(facts.dbInstances(scope));
        all.addAll(facts.dbClusters(scope));
        return all;
    }

    static String databaseArn(JsonNode db) {
        return db.path("DBInstanceArn").asString(db.path("DBClusterArn").asString());
    }

    String clusterArn() {
        return facts.cluster(scope).map(c -> c.path("arn").asString(""))
                .orElse(scope.arn("eks", scope.region(), "cluster/" + scope.rack()));
    }

    /** Why a key reference fails the CMK test, or empty when it passes; its DescribeKey must have been read. */
    Optional<String> notCmk(Ev ev, KeyFacts.Ref ref) {
        if (ref.ref().contains("alias/aws/") && keys.keyId(ref).isEmpty()) {
            return Optional.of(ref.ref() + " is an AWS-managed key, not a customer key");
        }
        return keys.notCustomerManaged(ref, ev.need(keys.describeKey(ref)));
    }

    /** {@code aws:us-gov-west-1:kms:GetKeyRotationStatus:id} → {@code kms:GetKeyRotationStatus}. */
    static String operation(String key) {
        String[] p = key.split(":");
        return p.length > 3 ? p[2] + ":" + p[3] : key;
    }
}
