package dev.palisade.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.Optional;
import java.util.Set;

/**
 * One way to see the pod of any workload: Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job and CronJob (Kyverno's auto-gen and kube-linter's extract.PodSpec are the models).
 */
public final class PodSpecAccessor {
    /** The kinds whose pod template sits at {@code spec.template}. */
    private static final Set<String> TEMPLATE_KINDS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job");

    public static final Set<String> WORKLOAD_KINDS = Set.of("Pod", "PodTemplate", "Deployment", "StatefulSet",
            "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");

    private PodSpecAccessor() {}

    /** The pod template of a workload, found once per object and kept with it (every workload check asks for it). */
    public static Optional<PodTemplate> podTemplate(KubeObject object) {
        return object.derived(Found.class, o -> new Found(find(o))).template();
    }

    /** What {@link #podTemplate} found, under a type of its own in the object's slot for derived values. */
    private record Found(Optional<PodTemplate> template) {}

    private static Optional<PodTemplate> find(KubeObject object) {
        String kind = object.kind();
        JsonNode root = object.root();
        if (kind.equals("Pod")) {
            return of(root, "spec", "metadata");
        }
        if (kind.equals("PodTemplate")) {
            return of(root.path("template"), "template.spec", "template.metadata");
        }
        if (TEMPLATE_KINDS.contains(kind)) {
            return of(root.path("spec").path("template"), "spec.template.spec", "spec.template.metadata");
        }
        if (kind.equals("CronJob")) {
            return of(root.path("spec").path("jobTemplate").path("spec").path("template"),
                    "spec.jobTemplate.spec.template.spec", "spec.jobTemplate.spec.template.metadata");
        }
        return Optional.empty();
    }

    public static boolean isWorkload(KubeObject object) {
        return WORKLOAD_KINDS.contains(object.kind());
    }

    private static Optional<PodTemplate> of(JsonNode holder, String specPath, String metadataPath) {
        return Optional.of(new PodTemplate(holder.path("spec"), specPath, holder.path("metadata"), metadataPath));
    }
}
