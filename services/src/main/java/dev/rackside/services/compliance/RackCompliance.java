package dev.rackside.services.compliance;

import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.api.Compliance;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.compliance.aws.AwsChecks;
import dev.rackside.services.compliance.aws.AwsCollector;
import dev.rackside.services.compliance.aws.AwsRules;
import dev.rackside.services.compliance.trail.LakeTrail;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.compliance.TrailQuery;
import dev.rackside.services.racks.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Compliance on a Convox rack: collectors read into one {@link Inventory} (the Kubernetes checks through the
 * rack's kube context, the AWS checks through the rack's AWS credentials and region), rules evaluate it, and
 * the report carries the partition, the AWS account, timing and evidence. The sandbox rack has no AWS
 * account: its AWS side is a recorded inventory, judged by the same rules and labelled as such.
 */
public final class RackCompliance implements Compliance {
    private static final List<Check> CHECKS = Stream.concat(KubeChecks.ALL.stream(), AwsChecks.ALL.stream())
            .toList();

    private final RackClients kube;
    private final AwsClients aws;
    private final String version;
    private final Clock clock;

    /** On the session's clients: the collector reads through the same client as the open panes. */
    public RackCompliance(RackClients kube, AwsClients aws, String version, Clock clock) {
        this(kube, aws, version, clock, Optional.empty());
    }

    /** @param evidence where every run is kept as an evidence bundle, hash-chained run to run */
    public RackCompliance(RackClients kube, AwsClients aws, String version, Clock clock,
            Optional<dev.rackside.services.compliance.evidence.EvidenceStore> evidence) {
        this.kube = kube;
        this.aws = aws;
        this.version = version;
        this.clock = clock;
        this.evidence = evidence;
    }

    private final Optional<dev.rackside.services.compliance.evidence.EvidenceStore> evidence;

    @Override
    public String shipEvidence(Rack rack, Report report, String s3url) throws java.io.IOException {
        var to = dev.rackside.services.compliance.evidence.EvidenceShipper.Target.parse(s3url);
        if (rack.sandbox() || Report.RECORDED.equals(report.source())) {
            throw new IllegalArgumentException("the sandbox has no AWS account to keep evidence in");
        }
        java.nio.file.Path bundle = evidence.orElseThrow(() -> new IllegalArgumentException("this session keeps no "
                + "evidence")).newest(rack.name()).orElseThrow(() -> new IllegalArgumentException("no kept run of rack "
                        + rack.name()));
        Optional<String> key = dev.rackside.services.compliance.aws.RackScope.of(report.inventory())
                .flatMap(dev.rackside.services.compliance.aws.RackScope::key);
        return dev.rackside.services.compliance.evidence.EvidenceShipper.ship(aws.s3(rack), bundle, rack.name(), to,
                key);
    }

    @Override
    public List<dev.rackside.services.compliance.evidence.EvidenceStore.Run> history(Rack rack)
            throws java.io.IOException {
        return evidence.isEmpty() ? List.of() : evidence.get().history(rack.name());
    }

    @Override
    public Optional<dev.rackside.services.model.compliance.RunChanges> diff(Rack rack, Optional<String> older,
            Optional<String> newer) throws java.io.IOException {
        if (evidence.isEmpty()) {
            return Optional.empty();
        }
        var store = evidence.get();
        Optional<tools.jackson.databind.JsonNode> b = newer.isPresent() ? store.read(rack.name(), newer, 0)
                : store.read(rack.name(), Optional.empty(), 0);
        Optional<tools.jackson.databind.JsonNode> a = older.isPresent() ? store.read(rack.name(), older, 0)
                : store.read(rack.name(), Optional.empty(), newer.isPresent() ? 0 : 1);
        if (a.isEmpty() || b.isEmpty() || a.get().path("id").equals(b.get().path("id"))) {
            return Optional.empty();
        }
        return Optional.of(dev.rackside.services.compliance.evidence.RunDiff.of(a.get(), b.get()));
    }

    public RackCompliance(Environment env, AwsClients aws, String version, Clock clock) {
        this(new RackClients(env), aws, version, clock);
    }

    @Override
    public List<Check> checks() {
        return CHECKS;
    }

    @Override
    public Report run(Rack rack, Consumer<String> progress) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Inventory inv = new Inventory();
        String context = rack.context().orElseThrow(() -> new IllegalArgumentException("rack " + rack.name()
                + " has no kube context: " + rack.reason().orElse("add one in racks.yaml")));
        progress.accept("reading the rack's namespaces and workloads (" + context + ")");
        KubeCollector.collect(kube.of(rack), rack.internalName(), inv, clock);
        List<Finding> findings = new ArrayList<>(KubeRules.evaluate(inv));
        findings.addAll(awsFindings(rack, inv, progress));
        String source = rack.sandbox() ? Report.RECORDED : Report.LIVE;
        Optional<String> account = AwsRules.account(inv);
        Report report = new Report(rack.name(), rack.partition(), account, rack.effectiveRegion(), started,
                Duration.ofNanos(System.nanoTime() - t0), findings, inv, checks(), version, source);
        evidence.ifPresent(store -> {
            try {
                progress.accept("evidence kept: " + store.save(report));
            } catch (java.io.IOException | RuntimeException e) {
                progress.accept("the run's evidence could not be kept: " + e.getMessage());
            }
        });
        return report;
    }

    @Override
    public dev.rackside.services.model.compliance.TrailReport trail(Rack rack,
            TrailQuery query, Consumer<String> progress) {
        if (rack.sandbox()) {
            throw new IllegalArgumentException("the sandbox has no AWS account, so no CloudTrail: its AWS side is a "
                    + "recorded inventory (rackside compliance -r sandbox)");
        }
        if (!"-".equals(rack.provider()) && !"aws".equals(rack.provider())) {
            throw new IllegalArgumentException("rack " + rack.name() + " runs on " + rack.provider() + ", not AWS");
        }
        Optional<String> lake = rack.compliance().cloudtrailLake();
        if (query.source() == TrailQuery.Source.LAKE && lake.isEmpty()) {
            throw new IllegalArgumentException("rack " + rack.name() + " names no CloudTrail Lake event data store: "
                    + "set compliance.cloudtrailLake in racks.yaml, or leave out --source lake");
        }
        if (rack.effectiveRegion().isEmpty()) {
            throw new IllegalArgumentException("rack " + rack.name() + " has no AWS region: set region in racks.yaml");
        }
        Inventory inv = new Inventory();
        progress.accept("reading the rack's scope in AWS (what the compliance checks judge)");
        AwsCollector.collect(rack, aws, inv, clock, progress);
        dev.rackside.services.compliance.aws.RackScope scope = dev.rackside.services.compliance.aws.RackScope.of(inv)
                .orElseThrow(() -> new IllegalArgumentException("cannot tell which account the credentials of rack "
                        + rack.name() + " belong to: " + dev.rackside.services.compliance.aws.RackScope.whyUnknown(inv,
                                AwsClients.region(rack).id())));
        if (lake.isPresent() && query.source() != TrailQuery.Source.EVENT_HISTORY) {
            progress.accept("querying CloudTrail Lake " + lake.get());
            return LakeTrail.read(scope, query, lake.get(), aws.cloudTrail(rack, software.amazon.awssdk.regions.Region
                    .of(LakeTrail.storeRegion(lake.get()))), clock.instant(), version, progress, LakeTrail.Pace.DEFAULT);
        }
        return dev.rackside.services.compliance.trail.AccessTrail.read(scope, query, region -> aws.cloudTrail(rack,
                software.amazon.awssdk.regions.Region.of(region)), clock.instant(), version, progress);
    }

    /**
     * The AWS checks: the sandbox's recorded inventory (labelled on every finding, so no export or screen can
     * pass it off as a live account), NOT_APPLICABLE on another provider, else a live collection.
     */
    private List<Finding> awsFindings(Rack rack, Inventory inv, Consumer<String> progress) {
        if (rack.sandbox()) {
            progress.accept("AWS: the sandbox has no account; loading its recorded inventory");
            RecordedInventory.load(inv);
            return AwsRules.evaluate(inv).stream().map(f -> new Finding(f.check(), f.status(), f.resource(),
                    f.region(), "[recorded inventory] " + f.message(), f.evidence())).toList();
        }
        if (!"-".equals(rack.provider()) && !"aws".equals(rack.provider())) {
            return AwsRules.all(Status.NOT_APPLICABLE, "", "rack " + rack.name() + " runs on " + rack.provider()
                    + ", not AWS");
        }
        if (rack.effectiveRegion().isEmpty()) {
            AwsRules.unread(inv, "rack " + rack.name() + " has no AWS region: set region in racks.yaml");
        } else {
            try {
                AwsCollector.collect(rack, aws, inv, clock, progress);
            } catch (RuntimeException e) {
                AwsRules.unread(inv, String.valueOf(e.getMessage()));
            }
        }
        progress.accept("evaluating " + checks().size() + " checks over " + inv.entries().size() + " responses");
        return AwsRules.evaluate(inv);
    }
}
