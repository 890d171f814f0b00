package dev.rackside.archfixture.views;

/**
 * A view that reaches into fabric8, into services beyond its boundary, and into the sandbox: what the layering
 * rules must reject.
 */
public class BadView {
    public String name(io.fabric8.kubernetes.api.model.Pod pod) {
        return pod.getMetadata().getName();
    }

    public Object writes(dev.rackside.services.deploy.RackOperations ops) {
        return ops;
    }

    public Object sandbox(dev.rackside.sandbox.SandboxServer s) {
        return s;
    }
}
