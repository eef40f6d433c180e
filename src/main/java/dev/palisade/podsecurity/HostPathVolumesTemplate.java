package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;

/**
 * Baseline control "HostPath Volumes" (PSA check {@code hostPathVolumes}, policy 1.0).
 *
 * <blockquote>HostPath volumes must be forbidden.
 * <p><b>Restricted Fields:</b> spec.volumes[*].hostPath
 * <p><b>Allowed Values:</b> Undefined/nil</blockquote>
 */
final class HostPathVolumesTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-host-path-volumes";
    }

    @Override
    public String description() {
        return "pods mounting a hostPath volume";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = (pod, out) -> {
            JsonNode volumes = pod.field("volumes");
            for (int i = 0; i < volumes.size(); i++) {
                JsonNode hostPath = volumes.get(i).path("hostPath");
                if (FieldValues.isSet(hostPath)) {
                    out.add(FieldPath.field(FieldPath.index(pod.path("volumes"), i), "hostPath"),
                            "volume \"" + FieldValues.text(volumes.get(i).path("name")) + "\" mounts the node's path "
                                    + FieldValues.show(hostPath.path("path")) + " (spec.volumes[" + i + "].hostPath)");
                }
            }
        };
        return rule.evaluator();
    }
}
