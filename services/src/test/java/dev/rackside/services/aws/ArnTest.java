package dev.rackside.services.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArnTest {
    @Test
    void readsThePartsAndKeepsTheResourceWhole() {
        assertEquals(Optional.of(new Arn("aws-us-gov", "logs", "us-gov-west-1", "123456789012",
                "log-group:/convox/prod/web:*")), Arn.parse("arn:aws-us-gov:logs:us-gov-west-1:123456789012:"
                        + "log-group:/convox/prod/web:*"));
        assertEquals("us-gov-east-1", Arn.regionOr("arn:aws-us-gov:kms:us-gov-east-1:123456789012:key/k", "x"));
    }

    @Test
    void globalResourcesAndPlainIdsFallBack() {
        assertEquals("us-gov-west-1", Arn.regionOr("arn:aws-us-gov:s3:::prod-data", "us-gov-west-1"));
        assertEquals("us-gov-west-1", Arn.regionOr("alias/sandbox-data", "us-gov-west-1"));
        assertEquals("", Arn.accountOf("arn:aws-us-gov:s3:::prod-data"));
        assertEquals(Optional.empty(), Arn.parse("arn:aws:kms"));
    }
}
