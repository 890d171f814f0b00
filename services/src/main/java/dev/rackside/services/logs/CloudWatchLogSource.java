package dev.rackside.services.logs;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.model.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The app's CloudWatch Logs group {@code /convox/<rack>/<app>} (streams {@code service/<service>/<pod>}, as
 * the rack's fluentd writes them): history beyond what the kubelet keeps, and pods already gone. Polled
 * with FilterLogEvents, every page followed, from the newest time seen minus a look-back (CloudWatch can
 * make an event visible after later ones), each event delivered once by its id. Live Tail is not used: it
 * needs the async client (Netty or CRT) and its GovCloud endpoint did not resolve (platform-notes C).
 */
final class CloudWatchLogSource implements LogSource {
    static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration LOOK_BACK = Duration.ofSeconds(30);
    private static final int REMEMBERED_IDS = 50_000;

    private final Supplier<CloudWatchLogsClient> client;
    private final String group;
    private final LogQuery query;
    private final Instant since;
    private final ScheduledExecutorService scheduler;
    private final Predicate<LogLine> shownLive;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private final Integer pageLimit;
    private volatile boolean done;
    private volatile boolean closed;
    private long newest;
    private Out out;

    /**
     * @param shownLive lines a live pod stream already shows (with {@code --source all}); these are skipped
     * @param pageLimit events per page, null for the service's own (up to 10,000)
     */
    CloudWatchLogSource(Supplier<CloudWatchLogsClient> client, String rack, LogQuery query, Instant since,
            ScheduledExecutorService scheduler, Predicate<LogLine> shownLive, Integer pageLimit) {
        this.pageLimit = pageLimit;
        this.client = client;
        this.group = "/convox/" + rack + "/" + query.app();
        this.query = query;
        this.since = since;
        this.scheduler = scheduler;
        this.shownLive = shownLive;
    }

    String group() {
        return group;
    }

    @Override
    public void start(Out o) {
        this.out = o;
        newest = since == null ? 0 : since.toEpochMilli();
        scheduler.execute(this::poll);
    }

    private void poll() {
        if (closed) {
            return;
        }
        boolean again = query.follow();
        try {
            fetch();
            out.problem("cloudwatch", Optional.empty());
        } catch (ResourceNotFoundException e) {
            out.problem("cloudwatch", Optional.of("cloudwatch: log group " + group + " not found"));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            out.problem("cloudwatch", Optional.of("cloudwatch: " + code + " " + firstLine(e.getMessage())));
            // Access denied or expired credentials will not fix themselves by asking again every 2 s.
            again &= !(e.statusCode() == 403 || code.contains("AccessDenied") || code.contains("Expired"));
        } catch (SdkException | IllegalArgumentException e) {
            out.problem("cloudwatch", Optional.of("cloudwatch: " + firstLine(e.getMessage())));
        }
        if (again && !closed) {
            scheduler.schedule(this::poll, POLL.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            done = true;
            out.changed();
        }
    }

    private void fetch() {
        long from = Math.max(0, newest - LOOK_BACK.toMillis());
        if (since != null) {
            from = Math.max(from, since.toEpochMilli());
        }
        FilterLogEventsRequest.Builder req = FilterLogEventsRequest.builder().logGroupName(group).startTime(from)
                .limit(pageLimit);
        query.process().ifPresentOrElse(p -> req.logStreamNamePrefix("service/" + query.service().orElse("")
                        + (query.service().isPresent() ? "/" + p : "")),
                () -> query.service().ifPresent(s -> req.logStreamNamePrefix("service/" + s + "/")));
        String token = null;
        do {
            FilterLogEventsResponse page = client.get().filterLogEvents(req.nextToken(token).build());
            List<LogLine> lines = new ArrayList<>();
            for (FilteredLogEvent e : page.events()) {
                if (e.eventId() != null && seen.put(e.eventId(), Boolean.TRUE) != null) {
                    continue;
                }
                long ts = e.timestamp() == null ? System.currentTimeMillis() : e.timestamp();
                newest = Math.max(newest, ts);
                String stream = e.logStreamName() == null ? "cloudwatch" : e.logStreamName();
                if (query.process().isPresent() && !stream.endsWith("/" + query.process().get())) {
                    continue;
                }
                String text = e.message() == null ? "" : stripNewline(e.message());
                LogLine line = new LogLine(Instant.ofEpochMilli(ts), stream.intern(), text, LogLine.Origin.CLOUDWATCH);
                if (!shownLive.test(line)) {
                    lines.add(line);
                }
            }
            if (!lines.isEmpty()) {
                out.lines(lines);
            }
            token = page.nextToken();
        } while (token != null && !closed);
    }

    private static String stripNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public int streams() {
        return done || closed ? 0 : 1;
    }

    @Override
    public void close() {
        closed = true;
    }
}
