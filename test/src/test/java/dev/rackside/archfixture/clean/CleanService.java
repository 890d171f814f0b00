package dev.rackside.archfixture.clean;

/** A service that only uses the model: the rule must accept it. */
public class CleanService {
    public String label(dev.rackside.services.model.Tier tier) {
        return tier.label();
    }
}
