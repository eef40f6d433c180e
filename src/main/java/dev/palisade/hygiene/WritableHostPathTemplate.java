package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.HashSet;
import java.util.Set;

/**
 * A container that mounts a hostPath volume without {@code readOnly: true}: whatever it writes lands on the node
 * (and, for a shared path, in every other pod that mounts it). A volume that is only read should say so; the mount
 * is reported, not the volume, because read-only is a property of each mount.
 */
final class WritableHostPathTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "writable-host-path";
    }

    @Override
    public String description() {
        return "hostPath volumes mounted without readOnly: true";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            Set<String> hostPaths = new HashSet<>();
            for (JsonNode volume : pod.spec().path("volumes")) {
                if (volume.path("hostPath").isObject()) {
                    hostPaths.add(volume.path("name").asText(""));
                }
            }
            if (hostPaths.isEmpty()) {
                return;
            }
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode mounts = container.node().path("volumeMounts");
                for (int i = 0; i < mounts.size(); i++) {
                    JsonNode mount = mounts.get(i);
                    if (hostPaths.contains(mount.path("name").asText("")) && !mount.path("readOnly").asBoolean(false)) {
                        out.add(FieldPath.index(container.path("volumeMounts"), i), container.describe() + " mounts hostPath volume \""
                                + mount.path("name").asText() + "\" at " + mount.path("mountPath").asText("") + " writable");
                    }
                }
            }
        });
    }
}
