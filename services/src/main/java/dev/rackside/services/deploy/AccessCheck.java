package dev.rackside.services.deploy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the API server, before a write, whether the operator's kube user may make it
 * (SelfSubjectAccessReview), so a forbidden action is refused up front with a clear reason instead of
 * failing half-way. Answers are cached for five minutes per rack, namespace, verb and resource (as k9s
 * does). An API that cannot answer (an auth proxy, an old server) means "unknown": the write is attempted
 * and a 403 is reported then.
 */
final class AccessCheck {
    private record Key(String context, String namespace, String verb, String group, String resource) {
    }

    private final Cache<Key, Boolean> answers = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(1_000).build();

    Optional<Boolean> allowed(KubernetesClient client, String context, String namespace, String verb, String group,
            String resource) {
        Key key = new Key(context, namespace, verb, group, resource);
        Boolean cached = answers.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
                    new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                            .withNamespace(namespace.isEmpty() ? null : namespace).withVerb(verb).withGroup(group)
                            .withResource(resource).endResourceAttributes().endSpec().build());
            if (review == null || review.getStatus() == null || review.getStatus().getAllowed() == null) {
                return Optional.empty();
            }
            answers.put(key, review.getStatus().getAllowed());
            return Optional.of(review.getStatus().getAllowed());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
