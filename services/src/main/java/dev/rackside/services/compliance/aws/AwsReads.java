package dev.rackside.services.compliance.aws;

import dev.rackside.services.model.compliance.Inventory;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;

/**
 * Runs one AWS read and keeps what came back in the {@link Inventory} under its key: the response as JSON
 * ({@link Wire}), all pages of a paginated read as an array of pages, an error that means "not configured"
 * (NoSuchPublicAccessBlockConfiguration, ResourceNotFoundException, ...) as {@code {"Error":{"Code":...}}}
 * evidence, AccessDenied and the like as a failure (the checks that need it are ERROR), and a service or
 * operation the partition does not have as absent (NOT_APPLICABLE), per compliance-catalog.md section 4.
 */
final class AwsReads implements AutoCloseable {
    /** Reads in flight at once: from a bastion each is a round trip of its own, and AWS throttles beyond. */
    static final int PARALLEL = 8;

    private static final Set<String> DENIED = Set.of("UnauthorizedOperation", "AuthorizationError", "AuthFailure",
            "UnauthorizedAccess", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
            "InvalidToken", "SignatureDoesNotMatch", "RequestExpired");
    private static final Set<String> ABSENT = Set.of("UnrecognizedClientException", "OptInRequired",
            "InvalidAction", "UnknownOperationException", "SubscriptionRequiredException");

    private final Inventory inv;
    private final Clock clock;
    private final ExecutorService pool;

    AwsReads(Inventory inv, Clock clock) {
        this(inv, clock, PARALLEL);
    }

    AwsReads(Inventory inv, Clock clock, int parallel) {
        this.inv = inv;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "rackside-aws-read");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code read} for every item, {@link #PARALLEL} at a time, and returns when all are done. Reads
     * record their own failures; anything else (a bug, the tests' loopback guard) is rethrown.
     */
    <T> void forEach(Collection<T> items, Consumer<T> read) {
        List<Future<?>> running = new ArrayList<>();
        for (T item : items) {
            running.add(pool.submit(() -> read.accept(item)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(x -> x.cancel(true));
                throw new IllegalStateException("interrupted while reading AWS", e);
            } catch (ExecutionException e) {
                running.forEach(x -> x.cancel(true));
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One call; empty when it failed (the failure is recorded). */
    <T> Optional<T> one(String key, Supplier<T> call, String... unsetCodes) {
        try {
            T out = call.get();
            inv.put(key, Wire.text(out), clock.instant());
            return Optional.of(out);
        } catch (SdkException e) {
            record(key, e, unsetCodes);
            return Optional.empty();
        }
    }

    /** Every page of a paginated read, kept as an array of pages; empty when any page failed. */
    <P> Optional<List<P>> pages(String key, Supplier<SdkIterable<P>> call, String... unsetCodes) {
        try {
            List<P> out = new ArrayList<>();
            call.get().forEach(out::add);
            inv.put(key, Wire.text(out), clock.instant());
            return Optional.of(out);
        } catch (SdkException e) {
            record(key, e, unsetCodes);
            return Optional.empty();
        }
    }

    /** A read already turned into JSON (the signed-JSON client's answers). */
    Optional<tools.jackson.databind.JsonNode> json(String key, Supplier<tools.jackson.databind.JsonNode> call,
            String... unsetCodes) {
        return one(key, call, unsetCodes);
    }

    private void record(String key, SdkException e, String... unsetCodes) {
        String code = code(e);
        if (Set.of(unsetCodes).contains(code)) {
            inv.put(key, "{\"Error\":{\"Code\":\"" + code + "\"}}", clock.instant());
        } else if (absent(e, code)) {
            inv.absent(key, describe(e, code));
        } else {
            inv.failed(key, describe(e, code));
        }
    }

    static String code(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null ? a.awsErrorDetails().errorCode() : "";
    }

    static boolean denied(String code) {
        return code.startsWith("AccessDenied") || DENIED.contains(code);
    }

    private static boolean absent(SdkException e, String code) {
        if (ABSENT.contains(code)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return true;
            }
        }
        // The endpoint rules refuse before sending: "FIPS is enabled but this partition does not support FIPS".
        return e instanceof SdkClientException && String.valueOf(e.getMessage()).contains(
                "partition does not support");
    }

    /** {@code AccessDenied: User ... is not authorized to perform kms:GetKeyRotationStatus}. */
    private static String describe(SdkException e, String code) {
        String message = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorMessage() != null ? a.awsErrorDetails().errorMessage() : e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException u) {
                return "no endpoint in this partition (" + u.getMessage() + ")";
            }
        }
        return code.isEmpty() ? String.valueOf(message) : code + ": " + message;
    }
}
