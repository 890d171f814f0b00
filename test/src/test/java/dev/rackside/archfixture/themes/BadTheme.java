package dev.rackside.archfixture.themes;

/** A theme that knows about racks: what the layering rule must reject. */
public class BadTheme {
    public String colourFor(dev.rackside.services.model.Tier tier) {
        return tier.label();
    }
}
