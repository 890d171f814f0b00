package dev.rackside.services.compliance.aws;

import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every AWS check test has: moto on loopback (reset before each test), the stub for moto's gaps with
 * the loopback guard, and a rack {@code prod} in us-gov-west-1 whose AWS clients go through both.
 */
abstract class AwsCheckTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();

    AwsRack r;

    @BeforeEach
    void rack() {
        r = new AwsRack(MOTO, STUB);
    }

    @AfterEach
    void close() {
        r.close();
    }
}
