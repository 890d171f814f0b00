package dev.rackside.services.compliance.aws;

import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AwsDebugTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();

    @Test
    void print() throws Exception {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            r.cluster();
            var inv = r.collect();
            System.out.println("FAILURES " + inv.failures());
            System.out.println("ABSENT " + inv.absences());
            System.out.println("STUB " + STUB.requests());
            System.out.println(AwsRack.describe(AwsRules.evaluate(inv)));
            System.out.println(MOTO.log().lines().filter(l -> l.contains("backup") || l.contains(" 404 ") || l.contains(" 500 ")).toList());
        }
    }
}
