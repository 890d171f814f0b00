package dev.rackside.services.compliance.aws;

import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.model.ComplianceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The 33 AWS checks as pure functions of an {@link Inventory}: no API calls, so a live run, a re-evaluation
 * and the sandbox's recorded inventory are judged by the same code.
 */
public final class AwsRules {
    private AwsRules() {
    }

    public static List<Finding> evaluate(Inventory inv) {
        AwsFacts facts = new AwsFacts(inv);
        Optional<Scope> scope = facts.scope();
        if (scope.isEmpty()) {
            return all(Status.ERROR, "", "the AWS side was not read: " + inv.failure(Keys.SCOPE).orElse("no scope"));
        }
        Scope s = scope.get();
        String sts = Keys.of(s.region(), "sts:GetCallerIdentity");
        if (inv.get(sts).isEmpty()) {
            String why = inv.failure(sts).or(() -> inv.absence(sts)).orElse("not read");
            return all(Status.ERROR, s.region(), "could not tell which AWS account the credentials belong to (STS): "
                    + why);
        }
        List<Finding> out = new ArrayList<>();
        RuleKit kit = new RuleKit(facts, s, out);
        IsolationRules.evaluate(kit);
        ResidencyRules.evaluate(kit);
        KeyRules.evaluate(kit);
        AuditRules.evaluate(kit);
        return out;
    }

    /** One finding per AWS check with the same status, for a run that could not read AWS at all. */
    public static List<Finding> all(Status status, String region, String message) {
        List<Finding> out = new ArrayList<>();
        for (Check c : AwsChecks.ALL) {
            out.add(new Finding(c, status, "aws", region, message, List.of()));
        }
        return out;
    }

    /** The AWS account the run read, when it could tell. */
    public static Optional<String> account(Inventory inv) {
        return new AwsFacts(inv).scope().map(Scope::account).filter(a -> !a.isEmpty());
    }

    /** The exceptions the run was judged with (racks.yaml's compliance block, as kept in the inventory). */
    public static Optional<ComplianceSettings> settings(Inventory inv) {
        return new AwsFacts(inv).scope().map(Scope::settings);
    }

    /** Records that the AWS side could not be read at all (no region, no credentials), for the rules. */
    public static void unread(Inventory inv, String why) {
        inv.failed(Keys.SCOPE, why);
    }
}
