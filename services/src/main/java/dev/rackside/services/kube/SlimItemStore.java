package dev.rackside.services.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.HashMap;
import java.util.Map;

/**
 * The informer store, minus what no table needs: {@code managedFields} (2-4 KB per pod) and kubectl's
 * last-applied copy of the object (the atom applies everything with kubectl, so every object has one).
 * Objects arrive freshly deserialised from the wire, so trimming them here mutates nothing shared.
 */
public final class SlimItemStore<T extends HasMetadata> extends BasicItemStore<T> {

    public SlimItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T obj) {
        ObjectMeta meta = obj.getMetadata();
        if (meta != null) {
            meta.setManagedFields(null);
            Map<String, String> annotations = meta.getAnnotations();
            if (annotations != null && annotations.containsKey(ConvoxLabels.LAST_APPLIED)) {
                Map<String, String> trimmed = new HashMap<>(annotations);
                trimmed.remove(ConvoxLabels.LAST_APPLIED);
                meta.setAnnotations(trimmed);
            }
        }
        return super.put(key, obj);
    }
}
