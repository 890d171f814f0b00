package dev.rackside.e2e;

import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end-to-end tests' cluster: the mock API seeded with the sample Convox rack, serving until killed,
 * with its kubeconfig written to the path given. Test fixture only; the product's own demo rack is the
 * sandbox.
 */
public final class MockRackServer {
    private MockRackServer() {
    }

    /** Starts the API, seeds racks {@code prod} and {@code staging}, writes the kubeconfig. */
    public static MockApi start(Path kubeconfig) throws Exception {
        MockApi api = new MockApi();
        ConvoxObjects f = new ConvoxObjects(api.client());
        SampleRack.seedTwoRacks(f);
        Path written = api.writeKubeconfig(Files.createTempDirectory("rackside-e2e"), "ops");
        Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
        Files.move(written, kubeconfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return api;
    }

    public static void main(String[] args) throws Exception {
        start(Path.of(args[0]));
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
