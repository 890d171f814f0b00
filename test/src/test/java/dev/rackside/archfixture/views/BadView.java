package dev.rackside.archfixture.views;

/** A view that reaches into fabric8: what the layering rule must reject. */
public class BadView {
    public String name(io.fabric8.kubernetes.api.model.Pod pod) {
        return pod.getMetadata().getName();
    }
}
