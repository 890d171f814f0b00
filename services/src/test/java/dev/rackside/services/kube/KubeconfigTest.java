package dev.rackside.services.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    @TempDir
    Path dir;

    @Test
    void mergesSeveralFilesTheWayKubectlDoes() throws Exception {
        Path a = dir.resolve("a.yaml");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path b = sub.resolve("b.yaml");
        Files.writeString(a, String.join("\n",
                "current-context: gov",
                "contexts:",
                "- name: gov",
                "  context: {cluster: gov-cluster, user: gov-user}",
                "- name: dup",
                "  context: {cluster: first, user: gov-user}",
                ""));
        Files.writeString(b, String.join("\n",
                "current-context: ignored",
                "contexts:",
                "- name: dup",
                "  context: {cluster: second, user: gov-user}",
                "clusters:",
                "- name: gov-cluster",
                "  cluster: {server: 'https://gov.example:443', certificate-authority: ca.pem}",
                "users:",
                "- name: gov-user",
                "  user: {token: abc}",
                ""));
        Kubeconfig k = Kubeconfig.load(List.of(a, b, dir.resolve("missing.yaml")));
        assertEquals(List.of("gov", "dup"), k.contextNames());
        assertEquals(Optional.of("gov"), k.currentContext(), "the first file's current-context wins");
        assertEquals(Optional.of("https://gov.example:443"), k.server("gov"), "cluster from the second file");
        String standalone = k.standalone("gov");
        assertTrue(standalone.contains(sub.resolve("ca.pem").toString()),
                "relative paths stay relative to the file that wrote them:\n" + standalone);
        assertTrue(standalone.contains("token: \"abc\"") || standalone.contains("token: abc"), standalone);
        assertTrue(k.standalone("dup").contains("cluster: \"first\"") || k.standalone("dup").contains("cluster: first"),
                "the first definition of a context wins");
        assertEquals(List.of(), k.problems());
    }

    @Test
    void aBrokenFileIsReportedAndTheOthersStillLoad() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "contexts: [\n");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "contexts:\n- name: ok\n  context: {cluster: c, user: u}\n");
        Kubeconfig k = Kubeconfig.load(List.of(bad, good));
        assertEquals(List.of("ok"), k.contextNames());
        assertTrue(k.problems().get(0).startsWith(bad + ": kubeconfig cannot be read"), k.problems().toString());
    }
}
