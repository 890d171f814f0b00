package dev.rackside.services.deploy.render;

import dev.rackside.services.text.ShellQuote;
import dev.rackside.services.manifest.Manifest;
import dev.rackside.services.manifest.Manifest.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A timer as convox 3.24.9 provider/k8s/template/app/timer.yml.tmpl writes it: ServiceAccount
 * {@code timer-<name>} and a CronJob whose Job never retries ({@code backoffLimit: 0}), its pod annotated
 * {@code convox.com/type: timer} plus the timer's own annotations, indexed only when it runs in parallel.
 */
final class TimerObjects {
    private TimerObjects() {
    }

    static HasMetadata account(RenderInput in, Manifest.Timer t) {
        ObjectMeta meta = Meta.of(in, "timer-" + t.name(), Map.of("timer", t.name(), "type", "serviceaccount"));
        meta.setAnnotations(annotations(t));
        return new ServiceAccountBuilder().withMetadata(meta).build();
    }

    static HasMetadata cronJob(RenderInput in, Manifest.Timer t) {
        Service s = in.manifest().services().get(t.service());
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.putAll(Map.of("system", "convox", "rack", in.rack(), "app", in.app(), "name", t.name(), "release",
                in.release(), "service", s.name(), "type", "timer"));
        PodSpec spec = new PodSpecBuilder().withRestartPolicy("Never").withShareProcessNamespace(s.init())
                .withServiceAccountName("timer-" + t.name()).withContainers(container(in, s, t)).build();
        ServiceObjects.resolver(in, spec);
        JobSpecBuilder job = new JobSpecBuilder().withBackoffLimit(0);
        if (t.parallelCount() > 1) {
            job.withCompletionMode("Indexed").withCompletions(t.parallelCount()).withParallelism(t.parallelCount());
        }
        job.withNewTemplate().withNewMetadata().withAnnotations(annotations(t)).withLabels(labels).endMetadata()
                .withSpec(spec).endTemplate();
        return new CronJobBuilder().withMetadata(Meta.of(in, "timer-" + t.name(), Map.of())).withNewSpec()
                .withSchedule(t.schedule()).withConcurrencyPolicy(t.concurrency()).withSuccessfulJobsHistoryLimit(1)
                .withFailedJobsHistoryLimit(1).withNewJobTemplate().withSpec(job.build()).endJobTemplate().endSpec()
                .build();
    }

    private static Map<String, String> annotations(Manifest.Timer t) {
        Map<String, String> a = new TreeMap<>(t.annotations());
        a.put("convox.com/type", "timer");
        return a;
    }

    private static Container container(RenderInput in, Service s, Manifest.Timer t) {
        List<EnvVar> env = new java.util.ArrayList<>(ServiceObjects.env(s));
        if (t.parallelCount() > 1) {
            env.add(1, new EnvVarBuilder().withName("TIMER_INDEX").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.annotations['batch.kubernetes.io/job-completion-index']").endFieldRef()
                    .endValueFrom().build());
        }
        ContainerBuilder c = new ContainerBuilder().withName(in.app()).withArgs(ShellQuote.split(t.command()))
                .withEnv(env).withEnvFrom(new EnvFromSourceBuilder().withNewSecretRef().withName("env-" + s.name())
                        .endSecretRef().build())
                .withImage(ServiceObjects.image(in, s)).withImagePullPolicy("IfNotPresent")
                .withResources(ServiceObjects.resources(s.scale()));
        if (s.privileged()) {
            c.withNewSecurityContext().withPrivileged(true).endSecurityContext();
        }
        return c.build();
    }
}
