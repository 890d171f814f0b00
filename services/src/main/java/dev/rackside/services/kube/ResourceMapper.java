package dev.rackside.services.kube;

import dev.rackside.services.manifest.ManifestSummary;
import dev.rackside.services.model.Resource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resources as {@code convox resources} lists them: Deployments labelled {@code type=resource} plus the
 * {@code resource-<name>} ConfigMaps (RDS and ElastiCache resources have only the ConfigMap).
 */
public final class ResourceMapper {
    private ResourceMapper() {
    }

    public static List<Resource> resources(List<Deployment> deployments, List<ConfigMap> configMaps,
            Optional<ManifestSummary> manifest) {
        Map<String, String> types = new TreeMap<>();
        Map<String, String> urls = new TreeMap<>();
        for (ConfigMap cm : configMaps) {
            String name = resourceName(cm.getMetadata().getName(), cm.getMetadata().getLabels());
            types.putIfAbsent(name, AppMapper.orEmpty(cm.getMetadata().getLabels()).getOrDefault(ConvoxLabels.KIND, ""));
            urls.put(name, AppMapper.orEmpty(cm.getData()).getOrDefault("URL", ""));
        }
        for (Deployment d : deployments) {
            Map<String, String> labels = AppMapper.orEmpty(d.getMetadata().getLabels());
            if (!"resource".equals(labels.get(ConvoxLabels.TYPE))) {
                continue;
            }
            String name = resourceName(d.getMetadata().getName(), labels);
            String kind = labels.getOrDefault(ConvoxLabels.KIND, "");
            if (!kind.isEmpty() || !types.containsKey(name)) {
                types.put(name, kind);
            }
            urls.putIfAbsent(name, "");
        }
        List<Resource> out = new java.util.ArrayList<>();
        for (String name : types.keySet()) {
            String type = types.get(name);
            if (type.isEmpty() && manifest.isPresent() && manifest.get().resources().containsKey(name)) {
                type = manifest.get().resources().get(name).type();
            }
            out.add(new Resource(name, type, maskPassword(urls.getOrDefault(name, ""))));
        }
        return out;
    }

    private static String resourceName(String objectName, Map<String, String> labels) {
        String label = AppMapper.orEmpty(labels).get(ConvoxLabels.RESOURCE);
        if (label != null && !label.isBlank()) {
            return label;
        }
        return objectName.startsWith("resource-") ? objectName.substring("resource-".length()) : objectName;
    }

    /** {@code postgres://app:s3cret@host/db} becomes {@code postgres://app:****@host/db}. */
    public static String maskPassword(String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        try {
            URI u = URI.create(url);
            String info = u.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                return url;
            }
            String masked = info.substring(0, info.indexOf(':') + 1) + "****";
            return url.replaceFirst(java.util.regex.Pattern.quote(info + "@"),
                    java.util.regex.Matcher.quoteReplacement(masked + "@"));
        } catch (IllegalArgumentException e) {
            return url.replaceAll("://([^:/@]+):[^@/]*@", "://$1:****@");
        }
    }
}
