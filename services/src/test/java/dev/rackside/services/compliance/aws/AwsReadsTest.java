package dev.rackside.services.compliance.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.model.compliance.Inventory;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How a failed read is kept: refused (ERROR), absent from the partition (NOT_APPLICABLE), or "not set". */
class AwsReadsTest {
    final Inventory inv = new Inventory();
    final AwsReads reads = new AwsReads(inv, Clock.systemUTC());

    private static AwsServiceException service(String code, String message) {
        return AwsServiceException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                .errorMessage(message).build()).build();
    }

    @Test
    void refusedReadsAreFailuresWithTheCodeAndMessage() {
        assertEquals(Optional.empty(), reads.one("k", () -> {
            throw service("AccessDeniedException", "not authorized to perform kms:ListKeys");
        }));
        assertEquals(Optional.of("AccessDeniedException: not authorized to perform kms:ListKeys"), inv.failure("k"));
        assertTrue(inv.absence("k").isEmpty());
    }

    @Test
    void whatThePartitionLacksIsAbsentNotFailed() {
        reads.one("fips", () -> {
            throw SdkClientException.create("FIPS is enabled but this partition does not support FIPS");
        });
        reads.one("dns", () -> {
            throw SdkClientException.builder().message("unable to execute").cause(new UnknownHostException(
                    "tagging-fips.us-gov-east-1.amazonaws.com")).build();
        });
        reads.one("opt-in", () -> {
            throw service("OptInRequired", "you are not subscribed");
        });
        assertTrue(inv.absence("fips").isPresent() && inv.failure("fips").isEmpty());
        assertEquals(Optional.of("no endpoint in this partition (tagging-fips.us-gov-east-1.amazonaws.com)"),
                inv.absence("dns"));
        assertTrue(inv.absence("opt-in").isPresent());
    }

    @Test
    void notConfiguredIsEvidenceNotAFailure() {
        reads.one("pab", () -> {
            throw service("NoSuchPublicAccessBlockConfiguration", "not found");
        }, "NoSuchPublicAccessBlockConfiguration");
        assertEquals("{\"Error\":{\"Code\":\"NoSuchPublicAccessBlockConfiguration\"}}", inv.get("pab").orElseThrow()
                .body());
        assertTrue(inv.failure("pab").isEmpty());
    }
}
