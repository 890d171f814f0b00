package dev.rackside.services.compliance.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.compliance.trail.AccessTrail;
import dev.rackside.services.compliance.trail.TrailExport;
import dev.rackside.services.model.compliance.TrailEvent;
import dev.rackside.services.model.compliance.TrailQuery;
import dev.rackside.services.model.compliance.TrailReport;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import dev.rackside.services.testing.WireShape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import dev.rackside.services.compliance.trail.LakeTrail;
import java.time.Duration;
import software.amazon.awssdk.services.cloudtrail.model.CancelQueryResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.StartQueryResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code rackside audit trail} over a moto account seeded as a rack, with CloudTrail's LookupEvents (not in moto)
 * stubbed in its wire format: two pages behind a throttled answer, a second region that refuses, events about
 * the rack's resources among others', read-only ones, and a refused attempt.
 */
class AccessTrailTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One LookupEvents event as CloudTrail returns it: its CloudTrailEvent a JSON document in a string. */
    private static ObjectNode event(ArrayNode events, String id, long time, String source, String name, String actor,
            boolean readOnly, ObjectNode request, String resourceName, String errorCode) {
        ObjectNode ct = JSON.createObjectNode();
        ct.put("eventVersion", "1.09").put("eventTime", Instant.ofEpochSecond(time).toString())
                .put("eventSource", source).put("eventName", name).put("awsRegion", "us-gov-west-1")
                .put("sourceIPAddress", "198.51.100.7").put("userAgent", "aws-cli/2.17.0").put("readOnly", readOnly)
                .put("eventID", id).put("eventType", "AwsApiCall").put("recipientAccountId", "123456789012");
        ct.putObject("userIdentity").put("type", "AssumedRole").put("arn", actor).put("accountId", "123456789012");
        ct.set("requestParameters", request);
        if (!errorCode.isEmpty()) {
            ct.put("errorCode", errorCode).put("errorMessage", "User is not authorized");
        }
        ObjectNode e = events.addObject();
        e.put("EventId", id).put("EventName", name).put("ReadOnly", String.valueOf(readOnly))
                .put("EventTime", time).put("EventSource", source).put("Username", actor.replaceAll(".*/", ""));
        ArrayNode res = e.putArray("Resources");
        if (!resourceName.isEmpty()) {
            res.addObject().put("ResourceType", "AWS::Unknown").put("ResourceName", resourceName);
        }
        e.put("CloudTrailEvent", JSON.writeValueAsString(ct));
        return e;
    }

    private static AwsStub.Answer page(String name, ObjectNode body) {
        String text = JSON.writeValueAsString(body);
        WireShape.check(name, text, LookupEventsResponse.class);
        return new AwsStub.Answer(200, "application/x-amz-json-1.1", text, Map.of());
    }

    private static String sha(List<String[]> idAndEvent) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (String[] e : idAndEvent) {
            d.update((e[0] + "\n" + e[1] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void whoChangedTheRacksResourcesWithEveryPageDigested() throws Exception {
        try (AwsRack r = new AwsRack(MOTO, STUB, "us-gov-west-1", "us-gov-west-1", "us-gov-east-1")) {
            r.everything();
            RackScope scope = RackScope.of(r.collect()).orElseThrow();
            assertEquals("123456789012", scope.account());
            assertEquals("aws-us-gov", scope.partition());
            for (String id : List.of("prod", r.vpc, r.subnets.get(0), r.cmk, "prod-data", "prod/db", "prod/web",
                    "prod-db", "/convox/prod/web")) {
                assertTrue(scope.identifiers().contains(id), id + " is the rack's: " + scope.identifiers());
            }

            String admin = "arn:aws-us-gov:sts::123456789012:assumed-role/Admin/alice";
            String ci = "arn:aws-us-gov:sts::123456789012:assumed-role/ci-deployer/build-42";
            ObjectNode p1 = JSON.createObjectNode();
            ArrayNode e1 = p1.putArray("Events");
            event(e1, "e-1", 1_764_000_000L, "ec2.amazonaws.com", "ModifyVpcAttribute", admin, false,
                    JSON.createObjectNode().put("vpcId", r.vpc), "", "");
            event(e1, "e-2", 1_764_000_100L, "kms.amazonaws.com", "DisableKeyRotation", admin, false,
                    JSON.createObjectNode().put("keyId", r.cmk), "", "");
            event(e1, "e-3", 1_764_000_200L, "s3.amazonaws.com", "DeleteBucketPolicy", admin, false,
                    JSON.createObjectNode().put("bucketName", "someone-elses-bucket"), "someone-elses-bucket", "");
            event(e1, "e-4", 1_764_000_300L, "secretsmanager.amazonaws.com", "DeleteSecret", ci, false,
                    JSON.createObjectNode().put("secretId", "prod/db"), "prod/db", "AccessDenied");
            p1.put("NextToken", "page-2-token");
            ObjectNode p2 = JSON.createObjectNode();
            ArrayNode e2 = p2.putArray("Events");
            event(e2, "e-5", 1_764_000_400L, "eks.amazonaws.com", "UpdateClusterConfig", ci, false,
                    JSON.createObjectNode().put("name", "prod"), "prod", "");
            event(e2, "e-6", 1_764_000_500L, "eks.amazonaws.com", "DescribeCluster", ci, true,
                    JSON.createObjectNode().put("name", "prod"), "prod", "");
            STUB.answerSequence("cloudtrail", "LookupEvents", List.of(
                    AwsStub.jsonError(400, "ThrottlingException", "Rate exceeded"),
                    page("lookup-events page 1", p1), page("lookup-events page 2", p2),
                    AwsStub.jsonError(400, "AccessDeniedException", "User: " + admin + " is not authorized to "
                            + "perform: cloudtrail:LookupEvents")));

            Instant from = Instant.parse("2025-11-01T00:00:00Z");
            Instant to = Instant.parse("2026-01-30T00:00:00Z");
            List<String> progress = new ArrayList<>();
            TrailReport report = AccessTrail.read(scope, new TrailQuery(from, to, Set.of(), Optional.empty(), false),
                    region -> r.aws.cloudTrail(r.rack, Region.of(region)), Instant.parse("2026-01-30T10:00:00Z"),
                    "9.9.9", progress::add);

            assertEquals(List.of("e-1", "e-2", "e-4", "e-5"), report.events().stream().map(TrailEvent::eventId)
                    .toList(), "the rack's events, in time order; another's bucket and a read left out");
            assertEquals(List.of("network", "kms", "secrets", "eks"), report.events().stream()
                    .map(TrailEvent::category).toList());
            TrailEvent refused = report.events().get(2);
            assertEquals("AccessDenied", refused.errorCode(), "a refused attempt is evidence too");
            assertEquals(ci, refused.actor());
            assertEquals("198.51.100.7", refused.sourceIp());
            assertEquals(Map.of(admin, Map.of("kms", 1, "network", 1), ci, Map.of("eks", 1, "secrets", 1)),
                    report.byActor());
            assertEquals(2, report.pages().size());
            List<String[]> first = new ArrayList<>();
            p1.path("Events").forEach(e -> first.add(new String[] {e.path("EventId").asString(),
                    e.path("CloudTrailEvent").asString()}));
            assertEquals(sha(first), report.pages().get(0).sha256(), "the page's digest an assessor can recompute");
            assertEquals(List.of("CloudTrail us-gov-east-1: AccessDeniedException: User: " + admin + " is not "
                    + "authorized to perform: cloudtrail:LookupEvents"), report.problems().stream()
                    .toList());
            assertTrue(progress.get(0).startsWith("CloudTrail us-gov-west-1: page 1, 4 events read"), progress.get(0));

            List<String> asked = STUB.bodies().stream().filter(b -> b.startsWith("cloudtrail:LookupEvents")).toList();
            assertEquals(4, asked.size(), "a throttled answer is asked again, then each page, then the next region");
            assertTrue(asked.get(0).contains("\"LookupAttributes\":[{\"AttributeKey\":\"ReadOnly\","
                    + "\"AttributeValue\":\"false\"}]") && asked.get(0).contains("\"MaxResults\":50")
                    && asked.get(0).contains("\"StartTime\":" + from.getEpochSecond())
                    && asked.get(0).contains("\"EndTime\":" + to.getEpochSecond()), asked.get(0));
            assertTrue(asked.get(2).contains("\"NextToken\":\"page-2-token\""), asked.get(2));

            String md = TrailExport.markdown(report);
            for (String must : List.of("| Account | 123456789012 |", "| Partition | aws-us-gov |",
                    "CloudTrail LookupEvents: 2025-11-01T00:00:00Z..2026-01-30T00:00:00Z management writes",
                    "`" + report.pages().get(1).sha256() + "`", "| " + ci + " | 2 | eks=1, secrets=1 |")) {
                assertTrue(md.contains(must), must + " in:\n" + md);
            }
            List<String> csv = TrailExport.csv(report).lines().toList();
            assertEquals(5, csv.size());
            assertTrue(csv.get(3).startsWith("aws;123456789012;aws-us-gov;prod;") && csv.get(3).endsWith(
                    ";e-4;1;" + report.pages().get(0).sha256() + ";9.9.9"), csv.get(3));
        }
    }

    private static final String LAKE = "arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:eventdatastore/"
            + "EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";

    /**
     * One CloudTrail Lake result row as GetQueryResults returns it: a list of one-column objects, in the SELECT's
     * order, every value a string; the maps and arrays as {@code json_format} printed them.
     */
    private static void row(ArrayNode rows, String id, String time, String source, String name, String actor,
            String request, String errorCode) {
        ArrayNode r = rows.addArray();
        r.addObject().put("eventID", id);
        r.addObject().put("eventTime", time);
        r.addObject().put("eventSource", source);
        r.addObject().put("eventName", name);
        r.addObject().put("awsRegion", "us-gov-west-1");
        r.addObject().put("sourceIPAddress", "203.0.113.9");
        r.addObject().put("userAgent", "aws-cli/2.17.0");
        r.addObject().put("readOnly", "false");
        r.addObject().put("errorCode", errorCode);
        r.addObject().put("identityType", "AssumedRole");
        r.addObject().put("identityArn", actor);
        r.addObject().put("principalId", "AROAEXAMPLE:" + actor.replaceAll(".*/", ""));
        r.addObject().put("issuerArn", actor.replaceAll(":sts:", ":iam:").replace("assumed-role", "role")
                .replaceAll("/[^/]*$", ""));
        r.addObject().put("requestParameters", request);
        r.addObject().put("responseElements", "");
        r.addObject().put("resources", "");
    }

    private static AwsStub.Answer lakeAnswer(String name, ObjectNode body, Class<?> shape) {
        String text = JSON.writeValueAsString(body);
        WireShape.check(name, text, shape);
        return new AwsStub.Answer(200, "application/x-amz-json-1.1", text, Map.of());
    }

    private static ObjectNode status(String status) {
        ObjectNode o = JSON.createObjectNode().put("QueryStatus", status);
        o.putObject("QueryStatistics").put("ResultsCount", 0).put("TotalResultsCount", 0).put("BytesScanned", 0);
        return o;
    }

    @Test
    void aLakeStoreAnswersFurtherBackWithTheSameEventsKept() throws Exception {
        try (AwsRack r = new AwsRack(MOTO, STUB, "us-gov-west-1", "us-gov-west-1")) {
            r.everything();
            RackScope scope = RackScope.of(r.collect()).orElseThrow();
            String admin = "arn:aws-us-gov:sts::123456789012:assumed-role/Admin/alice";
            String ci = "arn:aws-us-gov:sts::123456789012:assumed-role/ci-deployer/build-42";
            STUB.answerSequence("cloudtrail", "StartQuery", List.of(lakeAnswer("start-query",
                    JSON.createObjectNode().put("QueryId", "q-lake-1"), StartQueryResponse.class)));
            ObjectNode p1 = status("FINISHED");
            ArrayNode rows1 = p1.putArray("QueryResultRows");
            // Older than the event history's 90 days: only the Lake still has it.
            row(rows1, "l-2", "2025-03-01 08:00:00.000", "kms.amazonaws.com", "ScheduleKeyDeletion", admin,
                    JSON.writeValueAsString(JSON.createObjectNode().put("keyId", r.cmk).put("pendingWindowInDays",
                            "7")), "");
            // What nests in requestParameters the Lake keeps as JSON in a string: the VPC is two levels down.
            row(rows1, "l-1", "2025-11-24 16:00:00.000", "ec2.amazonaws.com", "CreateFlowLogs", admin,
                    JSON.writeValueAsString(JSON.createObjectNode().put("resourceIdSet", JSON.writeValueAsString(
                            JSON.createObjectNode().putPOJO("items", List.of(Map.of("resourceId", r.vpc)))))), "");
            row(rows1, "l-3", "2025-11-25 09:30:00.000", "s3.amazonaws.com", "PutBucketPolicy", admin,
                    JSON.writeValueAsString(JSON.createObjectNode().put("bucketName", "someone-elses-bucket")), "");
            p1.put("NextToken", "lake-page-2");
            ObjectNode p2 = status("FINISHED");
            ArrayNode rows2 = p2.putArray("QueryResultRows");
            row(rows2, "l-4", "2025-12-02 11:00:00.000", "secretsmanager.amazonaws.com", "DeleteSecret", ci,
                    JSON.writeValueAsString(JSON.createObjectNode().put("secretId", "prod/db")), "AccessDenied");
            STUB.answerSequence("cloudtrail", "GetQueryResults", List.of(
                    AwsStub.jsonError(400, "ThrottlingException", "Rate exceeded"),
                    lakeAnswer("queued", status("QUEUED"), GetQueryResultsResponse.class),
                    lakeAnswer("running", status("RUNNING"), GetQueryResultsResponse.class),
                    lakeAnswer("lake page 1", p1, GetQueryResultsResponse.class),
                    lakeAnswer("lake page 2", p2, GetQueryResultsResponse.class)));

            Instant from = Instant.parse("2025-01-01T00:00:00Z");
            Instant to = Instant.parse("2026-01-30T00:00:00Z");
            List<String> progress = new ArrayList<>();
            TrailReport report = LakeTrail.read(scope, new TrailQuery(from, to, Set.of(), Optional.empty(), false,
                    TrailQuery.Source.LAKE), LAKE, r.aws.cloudTrail(r.rack, Region.of("us-gov-west-1")),
                    Instant.parse("2026-01-30T10:00:00Z"), "9.9.9", progress::add,
                    new LakeTrail.Pace(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(30)));

            assertEquals(List.of(), report.problems());
            assertEquals(List.of("l-2", "l-1", "l-4"), report.events().stream().map(TrailEvent::eventId).toList(),
                    "the rack's events in time order, the one from March 2025 among them; another's bucket left out");
            assertEquals(r.vpc, report.events().get(1).resource(), "found inside the nested JSON string");
            assertEquals(Instant.parse("2025-03-01T08:00:00Z"), report.events().get(0).time());
            assertEquals("AccessDenied", report.events().get(2).errorCode());
            assertEquals("203.0.113.9", report.events().get(2).sourceIp());
            assertEquals(Map.of(admin, Map.of("kms", 1, "network", 1), ci, Map.of("secrets", 1)), report.byActor());

            List<String> started = STUB.bodies().stream().filter(b -> b.startsWith("cloudtrail:StartQuery"))
                    .toList();
            assertEquals(1, started.size());
            String sql = JSON.readTree(started.get(0).substring(started.get(0).indexOf(' ') + 1))
                    .path("QueryStatement").asString();
            assertEquals(sql, report.source().statement(), "the report carries the statement word for word");
            for (String must : List.of(" FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE WHERE ",
                    "eventTime >= '2025-01-01 00:00:00.000' AND eventTime < '2026-01-30 00:00:00.000'",
                    "eventCategory = 'Management'", "AND readOnly = false", "userIdentity.arn AS identityArn")) {
                assertTrue(sql.contains(must), must + " in " + sql);
            }
            List<String> asked = STUB.bodies().stream().filter(b -> b.startsWith("cloudtrail:GetQueryResults"))
                    .toList();
            assertEquals(5, asked.size(), "throttled, queued, running, then each page: " + asked);
            assertTrue(asked.get(0).contains("\"QueryId\":\"q-lake-1\""), asked.get(0));
            assertTrue(asked.get(4).contains("\"NextToken\":\"lake-page-2\""), asked.get(4));
            assertTrue(progress.contains("CloudTrail Lake: query q-lake-1 QUEUED (0 s)"), progress.toString());
            assertTrue(progress.get(progress.size() - 1).startsWith("CloudTrail Lake: page 2, 4 events read, 3 "),
                    progress.toString());

            // Each page's digest, recomputed from the wire as an assessor would: each row as compact JSON, a line.
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (var row : rows1) {
                d.update((JSON.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(HexFormat.of().formatHex(d.digest()), report.pages().get(0).sha256());
            assertEquals(List.of(3, 1), report.pages().stream().map(TrailReport.Page::events).toList());

            String md = TrailExport.markdown(report);
            for (String must : List.of("| Query | CloudTrail Lake " + LAKE + ": 2025-01-01T00:00:00Z.."
                    + "2026-01-30T00:00:00Z management writes, all categories |", "| SQL | " + sql + " |",
                    "SHA-256 is over every result row as compact JSON", "| Regions | us-gov-west-1 |")) {
                assertTrue(md.contains(must), must + " in:\n" + md);
            }
            String json = TrailExport.json(report);
            assertTrue(json.contains("\"api\" : \"cloudtrail:StartQuery\"") && json.contains("\"eventDataStore\" : \""
                    + LAKE + "\""), json);
            assertTrue(TrailExport.csv(report).lines().skip(1).allMatch(l -> l.contains(";CloudTrail Lake " + LAKE
                    + ": 2025-01-01T00:00:00Z..")), TrailExport.csv(report));
        }
    }

    @Test
    void aLakeQueryThatFailsOrNeverFinishesIsSaidAndCancelled() throws Exception {
        try (AwsRack r = new AwsRack(MOTO, STUB, "us-gov-west-1", "us-gov-west-1")) {
            r.everything();
            RackScope scope = RackScope.of(r.collect()).orElseThrow();
            // The actor is applied to the rows, never put into the SQL: a quote in it changes nothing.
            TrailQuery q = new TrailQuery(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-30T00:00:00Z"),
                    Set.of(), Optional.of("arn:aws-us-gov:iam::123456789012:user/o'brien"), true,
                    TrailQuery.Source.LAKE);
            LakeTrail.Pace quick = new LakeTrail.Pace(Duration.ofMillis(1), Duration.ofMillis(2),
                    Duration.ofMillis(300));
            var ct = r.aws.cloudTrail(r.rack, Region.of("us-gov-west-1"));

            STUB.answerSequence("cloudtrail", "StartQuery", List.of(AwsStub.jsonError(400,
                    "EventDataStoreNotFoundException", "The specified event data store was not found.")));
            TrailReport missing = LakeTrail.read(scope, q, LAKE, ct, Instant.now(), "9.9.9", x -> { }, quick);
            assertEquals(List.of("CloudTrail Lake " + LAKE + ": EventDataStoreNotFoundException: The specified event "
                    + "data store was not found.; --source history reads the 90-day event history instead"),
                    missing.problems());
            assertEquals(0, missing.pages().size());

            STUB.answerSequence("cloudtrail", "StartQuery", List.of(lakeAnswer("start-query",
                    JSON.createObjectNode().put("QueryId", "q-bad"), StartQueryResponse.class)));
            ObjectNode failed = status("FAILED").put("ErrorMessage", "Query failed: column 'eventcategory' cannot "
                    + "be resolved");
            STUB.answerSequence("cloudtrail", "GetQueryResults", List.of(lakeAnswer("failed", failed,
                    GetQueryResultsResponse.class)));
            TrailReport bad = LakeTrail.read(scope, q, LAKE, ct, Instant.now(), "9.9.9", x -> { }, quick);
            assertEquals(List.of("CloudTrail Lake query q-bad FAILED: Query failed: column 'eventcategory' cannot "
                    + "be resolved; --source history reads the 90-day event history instead"), bad.problems());
            String sql = bad.source().statement();
            assertTrue(!sql.contains("brien") && !sql.contains("readOnly = false"), "no actor, reads kept: " + sql);

            STUB.answerSequence("cloudtrail", "StartQuery", List.of(lakeAnswer("start-query",
                    JSON.createObjectNode().put("QueryId", "q-slow"), StartQueryResponse.class)));
            STUB.answerSequence("cloudtrail", "GetQueryResults", List.of(lakeAnswer("running", status("RUNNING"),
                    GetQueryResultsResponse.class)));
            STUB.answerSequence("cloudtrail", "CancelQuery", List.of(lakeAnswer("cancel", JSON.createObjectNode()
                    .put("QueryId", "q-slow").put("QueryStatus", "CANCELLED"), CancelQueryResponse.class)));
            TrailReport slow = LakeTrail.read(scope, q, LAKE, ct, Instant.now(), "9.9.9", x -> { }, quick);
            assertEquals(List.of("CloudTrail Lake query q-slow CANCELLED: did not finish in 300 ms, so rackside "
                    + "cancelled it; --source history reads the 90-day event history instead"), slow.problems());
            assertTrue(STUB.bodies().stream().anyMatch(b -> b.startsWith("cloudtrail:CancelQuery")
                    && b.contains("\"QueryId\":\"q-slow\"")), "the query is not left running (and billing)");
        }
    }

    @Test
    void categoriesFollowTheServiceThatRecordedTheEvent() {
        assertEquals("iam", AccessTrail.category("iam.amazonaws.com"));
        assertEquals("iam", AccessTrail.category("sts.amazonaws.com"));
        assertEquals("network", AccessTrail.category("ec2.amazonaws.com"));
        assertEquals("secrets", AccessTrail.category("secretsmanager.amazonaws.com"));
        assertEquals("other", AccessTrail.category("lambda.amazonaws.com"));
    }
}
