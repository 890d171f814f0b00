package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.model.Rack;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import tools.jackson.databind.JsonNode;

/**
 * KMS, read last: aliases and keys of the home region (to resolve references and find keys tagged for the
 * rack), then DescribeKey of every key the rack references (in the key's own region), rotation status and
 * key policy of the rack's customer keys. Never {@code kms:Decrypt}.
 */
final class KeyCollector {
    private KeyCollector() {
    }

    static void keys(Rack rack, AwsClients aws, AwsReads reads, AwsFacts facts, Scope s) {
        KeyFacts keys = new KeyFacts(facts);
        KmsClient home = aws.kms(rack, Region.of(s.region()));
        reads.pages(Keys.of(s.region(), "kms:ListAliases"), home::listAliasesPaginator);
        reads.pages(Keys.of(s.region(), "kms:ListKeys"), home::listKeysPaginator);
        reads.forEach(facts.items(Keys.of(s.region(), "kms:ListKeys"), "Keys"), k -> {
            String id = k.path("KeyId").asString();
            Optional<KeyMetadata> m = reads.one(KeyFacts.describeKey(s.region(), id), () -> home.describeKey(r -> r
                    .keyId(id))).map(r -> r.keyMetadata());
            if (m.isPresent() && "CUSTOMER".equals(m.get().keyManagerAsString())) {
                reads.one(Keys.of(s.region(), "kms:ListResourceTags", id), () -> home.listResourceTags(r -> r
                        .keyId(id).limit(50)));
            }
        });
        Set<String> regions = new LinkedHashSet<>();
        for (KeyFacts.Ref ref : keys.referenced(s)) {
            regions.add(ref.region());
        }
        regions.remove(s.region());
        for (String region : regions) {
            reads.pages(Keys.of(region, "kms:ListAliases"), aws.kms(rack, Region.of(region))::listAliasesPaginator);
        }
        reads.forEach(keys.inScope(s), ref -> {
            KmsClient kms = aws.kms(rack, Region.of(ref.region()));
            String describeKey = keys.describeKey(ref);
            if (facts.json(describeKey).isEmpty() && facts.inventory().failure(describeKey).isEmpty()) {
                reads.one(describeKey, () -> kms.describeKey(r -> r.keyId(ref.ref())), "NotFoundException");
            }
            Optional<JsonNode> meta = facts.json(describeKey).map(n -> n.path("KeyMetadata"));
            if (meta.isEmpty() || !"CUSTOMER".equals(meta.get().path("KeyManager").asString())
                    || keys.aliases(ref.region(), meta.get().path("KeyId").asString()).stream()
                            .anyMatch(a -> a.startsWith("alias/aws/"))) {
                return;
            }
            String keyId = meta.get().path("KeyId").asString();
            reads.one(Keys.of(ref.region(), "kms:GetKeyRotationStatus", keyId), () -> kms.getKeyRotationStatus(r -> r
                    .keyId(keyId)), "UnsupportedOperationException");
            reads.one(Keys.of(ref.region(), "kms:GetKeyPolicy", keyId), () -> kms.getKeyPolicy(r -> r.keyId(keyId)
                    .policyName("default")));
        });
    }
}
