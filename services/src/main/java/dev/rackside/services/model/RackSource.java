package dev.rackside.services.model;

/** Where a rack entry came from. */
public enum RackSource {
    RACKS_YAML("racks.yaml"), DISCOVERED("kubeconfig"), CONVOX_CLI("convox");

    private final String label;

    RackSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
