package dev.rackside.services.api;

import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.Rack;
import java.util.List;
import java.util.function.Consumer;

/** Compliance runs on a rack: collect, evaluate, report. One implementation behind the pane and the CLI. */
public interface Compliance {
    /** The checks this build evaluates (and whose reads the permissions cover). */
    List<Check> checks();

    /** Reads everything the checks need and evaluates them; blocks; progress lines as it goes. */
    Report run(Rack rack, Consumer<String> progress);

    /**
     * The rack's administrative access over the query's period, from CloudTrail: the rack's scope read as the
     * checks read it, then LookupEvents in each of its regions; blocks; progress lines as it goes.
     *
     * @throws IllegalArgumentException when the rack has no AWS account to ask (the sandbox, another provider, no
     *                                  region, credentials that name no account)
     */
    dev.rackside.services.model.compliance.TrailReport trail(Rack rack,
            dev.rackside.services.model.compliance.TrailQuery query, Consumer<String> progress);

    /** An access report as {@code md}, {@code csv} or {@code json} (what {@code audit trail -o} prints). */
    default String trailExport(dev.rackside.services.model.compliance.TrailReport report, String format) {
        return switch (format) {
            case "md" -> dev.rackside.services.compliance.trail.TrailExport.markdown(report);
            case "csv" -> dev.rackside.services.compliance.trail.TrailExport.csv(report);
            case "json" -> dev.rackside.services.compliance.trail.TrailExport.json(report);
            default -> throw new IllegalArgumentException("no access export format '" + format + "' (md, csv, json)");
        };
    }

    /**
     * The run's kept evidence bundle written to {@code s3://bucket/prefix/} in the rack's account (SSE-KMS under
     * the rack's key, the bucket's Object Lock retention); what S3 says it holds.
     *
     * @throws IllegalArgumentException when there is no kept run, no AWS account, or the location is not S3's
     */
    default String shipEvidence(Rack rack, dev.rackside.services.model.compliance.Report report, String s3url)
            throws java.io.IOException {
        throw new IllegalArgumentException("this session keeps no evidence to write");
    }

    /** The rack's stored runs, oldest first, each with its chain checked (empty where runs are not kept). */
    default List<dev.rackside.services.compliance.evidence.EvidenceStore.Run> history(Rack rack)
            throws java.io.IOException {
        return List.of();
    }

    /**
     * What changed from run {@code older} to run {@code newer} (ids or their prefixes; default: the last two);
     * empty when there are not two runs to compare.
     */
    default java.util.Optional<dev.rackside.services.model.compliance.RunChanges> diff(Rack rack,
            java.util.Optional<String> older, java.util.Optional<String> newer) throws java.io.IOException {
        return java.util.Optional.empty();
    }

    /** The formats a report is exported in. */
    enum Format { MD, OSCAL, CSV, OCSF;

        public String extension() {
            return switch (this) {
                case MD -> "md";
                case OSCAL -> "oscal.json";
                case CSV -> "csv";
                case OCSF -> "ocsf.json";
            };
        }
    }

    /** The report as the format writes it (the same text {@code rackside compliance -o FORMAT} prints). */
    default String export(Report report, Format format, java.util.Optional<String> framework) {
        return switch (format) {
            case MD -> dev.rackside.services.compliance.export.Markdown.export(report);
            case OSCAL -> dev.rackside.services.compliance.export.Oscal.export(report);
            case CSV -> dev.rackside.services.compliance.export.Csv.export(report, framework);
            case OCSF -> dev.rackside.services.compliance.export.Ocsf.export(report);
        };
    }
}
