package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;

/**
 * The reusable best-practice template: every container of the chosen lists must set {@code field} (a dotted path
 * inside the container, such as {@code resources.limits.memory}), or set it to {@code true} when
 * {@code expect: true}. A finding points at the field when it is present but wrong, else at the container.
 * <ul>
 *   <li>{@code lists}: container lists to judge (default {@code [containers]}; ephemeral containers cannot set
 *       resources or probes);</li>
 *   <li>{@code podField}: a pod-level field that satisfies every container when set (pod-level resources);</li>
 *   <li>{@code skipKinds}: kinds whose pods run to completion (Job, CronJob) and so need no probes;</li>
 *   <li>{@code skipRestartPolicies}: pods with such a {@code restartPolicy} are skipped (Never, OnFailure);</li>
 *   <li>{@code skipWindows}: skip Windows pods, for Linux-only fields;</li>
 *   <li>{@code missing}: how a message names the gap, e.g. {@code "no memory limit"}.</li>
 * </ul>
 */
final class ContainerFieldTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "container-field";
    }

    @Override
    public String description() {
        return "containers that do not set a field, or do not set it to true (params: field, expect, lists, podField,"
                + " skipKinds, skipRestartPolicies, skipWindows, missing)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        String field = params.requiredString("field");
        String expect = params.string("expect", "present");
        if (!expect.equals("present") && !expect.equals("true")) {
            throw new CatalogueException("check " + params.check() + ": template parameter \"expect\" must be present or true");
        }
        List<String> lists = params.strings("lists", List.of("containers"));
        for (String list : lists) {
            if (!PodTemplate.CONTAINER_LISTS.contains(list)) {
                throw new CatalogueException("check " + params.check() + ": lists: unknown container list \"" + list
                        + "\" (known: " + String.join(", ", PodTemplate.CONTAINER_LISTS) + ")");
            }
        }
        String podField = params.string("podField", null);
        List<String> skipKinds = params.strings("skipKinds", List.of());
        List<String> skipRestartPolicies = params.strings("skipRestartPolicies", List.of());
        boolean skipWindows = params.bool("skipWindows", false);
        String missing = params.string("missing", field + " unset");
        String[] steps = field.split("\\.");
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            if (skipped(object, pod, skipKinds, skipRestartPolicies, skipWindows)
                    || (podField != null && present(pod.spec(), podField.split("\\.")))) {
                return;
            }
            for (PodTemplate.Container container : pod.containers()) {
                if (!lists.contains(container.list())) {
                    continue;
                }
                JsonNode value = at(container.node(), steps);
                if (value.isMissingNode() || value.isNull()) {
                    out.add(container.path(), container.describe() + " sets " + missing);
                } else if (expect.equals("true") && !value.asBoolean(false)) {
                    out.add(pathOf(container.path(), steps), container.describe() + " sets " + field + ": " + value.asText()
                            + " (" + missing + ")");
                }
            }
        });
    }

    private static boolean skipped(KubeObject object, PodTemplate pod, List<String> kinds, List<String> restartPolicies,
            boolean skipWindows) {
        return kinds.contains(object.kind()) || restartPolicies.contains(pod.spec().path("restartPolicy").asText("Always"))
                || (skipWindows && pod.isWindows());
    }

    private static String pathOf(String parent, String[] steps) {
        String path = parent;
        for (String step : steps) {
            path = FieldPath.field(path, step);
        }
        return path;
    }

    private static boolean present(JsonNode node, String[] steps) {
        JsonNode value = at(node, steps);
        return !value.isMissingNode() && !value.isNull();
    }

    private static JsonNode at(JsonNode node, String[] steps) {
        JsonNode current = node;
        for (String step : steps) {
            current = current.path(step);
        }
        return current;
    }
}
