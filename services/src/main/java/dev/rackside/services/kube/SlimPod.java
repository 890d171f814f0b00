package dev.rackside.services.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod as the tables read it, deserialised straight from the API's JSON into only what they use: the metadata a
 * store and a row need (no managedFields, no annotations), the containers' names, args and resources and the node
 * (no env, volumes, probes), and the status in full. It is a {@link Pod}, so the mappers take it as one. On a rack
 * of 12,000 pods the rack-wide store holds these instead of whole objects, and the JSON of everything else is
 * skipped by the parser instead of built into objects first (CPU and the peak heap of the first list both follow
 * the whole objects otherwise). {@code describe} reads the whole pod from the API server.
 *
 * <p>Jackson uses the setters below for {@code metadata} and {@code spec} (a subclass's setter masks its
 * parent's); {@code status} and the rest are Pod's own.
 */
@Group("")
@Version("v1")
@Kind("Pod")
@Plural("pods")
public final class SlimPod extends Pod {
    private static final long serialVersionUID = 1L;

    @JsonProperty("metadata")
    void wireMetadata(Meta m) {
        ObjectMeta meta = new ObjectMeta();
        if (m != null) {
            meta.setName(m.name);
            meta.setNamespace(m.namespace);
            meta.setUid(m.uid);
            meta.setResourceVersion(m.resourceVersion);
            meta.setCreationTimestamp(m.creationTimestamp);
            meta.setDeletionTimestamp(m.deletionTimestamp);
            meta.setGenerateName(m.generateName);
            if (m.labels != null) {
                // The same few keys and values on every pod of a rack (system, rack, app, service, release, type):
                // one copy each instead of 12,000.
                Map<String, String> labels = new HashMap<>(m.labels.size() * 2);
                m.labels.forEach((k, v) -> labels.put(k.intern(), v == null ? null : v.intern()));
                meta.setLabels(labels);
            }
        }
        setMetadata(meta);
    }

    @JsonProperty("spec")
    void wireSpec(Spec s) {
        PodSpec spec = new PodSpec();
        if (s != null) {
            spec.setNodeName(s.nodeName);
            List<Container> containers = new ArrayList<>();
            if (s.containers != null) {
                for (SlimContainer c : s.containers) {
                    Container container = new Container();
                    container.setName(c.name == null ? null : c.name.intern());
                    container.setArgs(c.args);
                    container.setCommand(c.command);
                    container.setImage(c.image);
                    if (c.resources != null) {
                        ResourceRequirements r = new ResourceRequirements();
                        r.setLimits(c.resources.limits);
                        r.setRequests(c.resources.requests);
                        container.setResources(r);
                    }
                    containers.add(container);
                }
            }
            spec.setContainers(containers);
        }
        setSpec(spec);
    }

    /** What of {@code metadata} is kept. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Meta {
        public String name;
        public String namespace;
        public String uid;
        public String resourceVersion;
        public String creationTimestamp;
        public String deletionTimestamp;
        public String generateName;
        public Map<String, String> labels;
    }

    /** What of {@code spec} is kept. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Spec {
        public String nodeName;
        public List<SlimContainer> containers;
    }

    /** What of a container is kept: what {@code ps} prints and what usage is measured against. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class SlimContainer {
        public String name;
        public String image;
        public List<String> args;
        public List<String> command;
        public Resources resources;
    }

    /** A container's requests and limits. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Resources {
        public Map<String, Quantity> limits;
        public Map<String, Quantity> requests;
    }
}
