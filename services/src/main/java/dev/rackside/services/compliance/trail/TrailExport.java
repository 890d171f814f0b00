package dev.rackside.services.compliance.trail;

import dev.rackside.services.model.compliance.TrailEvent;
import dev.rackside.services.model.compliance.TrailReport;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An access report as the auditor receives it. Markdown: the query, period, account, partition and regions, who
 * did what (actor × category), every event, and the digest of every page read. CSV: one row per event,
 * {@code ;}-delimited like the compliance CSV, the query, account, partition and the page's digest on every row
 * so a row stands on its own. JSON: all of it, as data.
 */
public final class TrailExport {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CSV_HEADER = "PROVIDER;ACCOUNTID;PARTITION;RACK;QUERY;TIME;REGION;CATEGORY;ACTOR;EVENTSOURCE;"
            + "EVENTNAME;RESOURCE;SOURCEIP;USERAGENT;READONLY;ERRORCODE;EVENTID;PAGE;PAGE_SHA256;RACKSIDE_VERSION";

    private TrailExport() {
    }

    public static String markdown(TrailReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Administrative access to rack ").append(r.rack()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "Query", r.source().label() + ": " + r.query().describe());
        if (r.source().lake()) {
            row(b, "SQL", r.source().statement());
        }
        row(b, "Period", r.query().from() + " to " + r.query().to());
        row(b, "Account", r.account());
        row(b, "Partition", r.partition());
        row(b, "Regions", String.join(", ", r.regions()));
        row(b, "Read", DateTimeFormatter.ISO_INSTANT.format(r.read()) + " by rackside " + r.version());
        row(b, "Events read", r.eventsRead() + " in " + r.pages().size() + " pages; " + r.events().size()
                + " about the rack");
        for (String p : r.problems()) {
            row(b, "Not read", p);
        }
        b.append("\n## Who did what\n\n| Actor | Events | By category |\n|---|---|---|\n");
        for (Map.Entry<String, Map<String, Integer>> a : r.byActor().entrySet()) {
            int n = a.getValue().values().stream().mapToInt(Integer::intValue).sum();
            b.append("| ").append(cell(a.getKey())).append(" | ").append(n).append(" | ").append(cell(a.getValue()
                    .toString().replace("{", "").replace("}", ""))).append(" |\n");
        }
        b.append("\n## Events\n\n| Time | Actor | Category | Event | Resource | From | Result |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (TrailEvent e : r.events()) {
            b.append("| ").append(DateTimeFormatter.ISO_INSTANT.format(e.time())).append(" | ").append(cell(e.actor()))
                    .append(" | ").append(e.category()).append(" | ").append(cell(e.eventSource() + " "
                            + e.eventName())).append(" | ").append(cell(e.resource())).append(" | ")
                    .append(cell(e.sourceIp() + (e.userAgent().isEmpty() ? "" : " (" + e.userAgent() + ")")))
                    .append(" | ").append(e.errorCode().isEmpty() ? "ok" : cell(e.errorCode())).append(" |\n");
        }
        b.append("\n## Pages read\n\n| Page | Region | Events | SHA-256 |\n|---|---|---|---|\n");
        for (TrailReport.Page p : r.pages()) {
            b.append("| ").append(p.number()).append(" | ").append(p.region()).append(" | ").append(p.events())
                    .append(" | `").append(p.sha256()).append("` |\n");
        }
        b.append("\nEach page's SHA-256 is over ").append(r.source().digestRule())
                .append(": the same query over the same period gives the same digests.\n");
        return b.toString();
    }

    public static String csv(TrailReport r) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (TrailEvent e : r.events()) {
            String sha = r.pages().stream().filter(p -> p.number() == e.page()).map(TrailReport.Page::sha256)
                    .findFirst().orElse("");
            b.append(String.join(";", List.of("aws", r.account(), r.partition(), r.rack(), r.source().label() + ": "
                    + r.query().describe(),
                    DateTimeFormatter.ISO_INSTANT.format(e.time()), e.region(), e.category(), e.actor(),
                    e.eventSource(), e.eventName(), e.resource(), e.sourceIp(), e.userAgent(),
                    String.valueOf(e.readOnly()), e.errorCode(), e.eventId(), String.valueOf(e.page()), sha,
                    r.version()).stream().map(TrailExport::csvCell).toList())).append('\n');
        }
        return b.toString();
    }

    public static String json(TrailReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rack", r.rack()).put("account", r.account()).put("partition", r.partition());
        ObjectNode q = o.putObject("query");
        q.put("api", r.source().api()).put("from", r.query().from().toString())
                .put("to", r.query().to().toString()).put("includeReads", r.query().includeReads());
        ArrayNode cats = q.putArray("categories");
        new java.util.TreeSet<>(r.query().categories()).forEach(cats::add);
        r.query().actor().ifPresent(a -> q.put("actor", a));
        if (r.source().lake()) {
            q.put("eventDataStore", r.source().eventDataStore()).put("statement", r.source().statement());
        }
        q.put("pageDigest", r.source().digestRule());
        ArrayNode regions = o.putArray("regions");
        r.regions().forEach(regions::add);
        o.put("read", r.read().toString()).put("version", r.version());
        ArrayNode problems = o.putArray("problems");
        r.problems().forEach(problems::add);
        ObjectNode actors = o.putObject("actors");
        r.byActor().forEach((a, byCat) -> {
            ObjectNode n = actors.putObject(a);
            byCat.forEach(n::put);
        });
        ArrayNode events = o.putArray("events");
        for (TrailEvent e : r.events()) {
            events.addObject().put("time", e.time().toString()).put("region", e.region()).put("category", e.category())
                    .put("actor", e.actor()).put("eventSource", e.eventSource()).put("eventName", e.eventName())
                    .put("resource", e.resource()).put("sourceIp", e.sourceIp()).put("userAgent", e.userAgent())
                    .put("readOnly", e.readOnly()).put("errorCode", e.errorCode()).put("eventId", e.eventId())
                    .put("page", e.page());
        }
        ArrayNode pages = o.putArray("pages");
        for (TrailReport.Page p : r.pages()) {
            pages.addObject().put("page", p.number()).put("region", p.region()).put("events", p.events())
                    .put("sha256", p.sha256());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String csvCell(String s) {
        String v = s.replace("\r", " ").replace("\n", " ");
        return v.contains(";") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
