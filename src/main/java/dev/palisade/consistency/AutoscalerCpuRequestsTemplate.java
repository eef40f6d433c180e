package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A HorizontalPodAutoscaler that scales on CPU utilization while a container of its target sets no CPU request:
 * utilization is usage divided by request, so the controller reports "missing request for cpu" and never scales.
 * CPU utilization is what the autoscaler uses when it names no metric (autoscaling/v1's
 * {@code targetCPUUtilizationPercentage} defaults to 80, as does an autoscaling/v2 object without {@code metrics}),
 * or a {@code Resource} metric on cpu with target type Utilization, or a {@code ContainerResource} one (then only that
 * container counts). A pod-level {@code resources.requests.cpu} satisfies every container. The target must be in the
 * input; {@code scale-target} reports one that is not.
 */
final class AutoscalerCpuRequestsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "autoscaler-cpu-requests";
    }

    @Override
    public String description() {
        return "HorizontalPodAutoscalers scaling on CPU utilization of a target whose containers set no CPU request";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!object.kind().equals("HorizontalPodAutoscaler")) {
                return;
            }
            JsonNode spec = object.root().path("spec");
            JsonNode target = spec.path("scaleTargetRef");
            Optional<PodTemplate> pod = InputIndex.of(inventory)
                    .podOwner(object.namespace(), target.path("kind").asText(""), target.path("name").asText(""))
                    .flatMap(InputIndex::owner).map(InputIndex.PodOwner::pod);
            if (pod.isEmpty() || !pod.get().spec().path("resources").path("requests").path("cpu").isMissingNode()) {
                return;
            }
            JsonNode metrics = spec.path("metrics");
            if (!object.apiVersion().equals("autoscaling/v1") && metrics.isArray() && !metrics.isEmpty()) {
                for (int i = 0; i < metrics.size(); i++) {
                    JsonNode metric = metrics.get(i);
                    String type = metric.path("type").asText("");
                    JsonNode source = type.equals("Resource") ? metric.path("resource")
                            : type.equals("ContainerResource") ? metric.path("containerResource") : null;
                    if (source != null && source.path("name").asText("").equals("cpu")
                            && source.path("target").path("type").asText("").equals("Utilization")) {
                        String only = type.equals("ContainerResource") ? source.path("container").asText("") : null;
                        report(object, pod.get(), only, FieldPath.index("spec.metrics", i), out);
                    }
                }
            } else if (object.apiVersion().equals("autoscaling/v1") || metrics.isMissingNode() || metrics.isEmpty()) {
                String at = spec.has("targetCPUUtilizationPercentage") ? "spec.targetCPUUtilizationPercentage" : "spec";
                report(object, pod.get(), null, at, out);
            }
        };
    }

    private static void report(KubeObject autoscaler, PodTemplate pod, String onlyContainer, String path,
            dev.palisade.engine.Violations out) {
        List<String> missing = new ArrayList<>();
        for (PodTemplate.Container container : pod.containers()) {
            boolean counted = container.list().equals("containers")
                    && (onlyContainer == null || onlyContainer.equals(container.name()));
            if (counted && container.node().path("resources").path("requests").path("cpu").isMissingNode()) {
                missing.add(container.describe());
            }
        }
        if (!missing.isEmpty()) {
            out.add(path, "the autoscaler scales on CPU utilization but " + String.join(", ", missing) + " of "
                    + autoscaler.root().path("spec").path("scaleTargetRef").path("kind").asText() + "/"
                    + autoscaler.root().path("spec").path("scaleTargetRef").path("name").asText()
                    + " sets no CPU request: utilization cannot be computed and it never scales");
        }
    }
}
