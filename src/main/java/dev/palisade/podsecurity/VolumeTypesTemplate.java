package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Restricted control "Volume Types" (PSA check {@code restrictedVolumes}, policy 1.0; {@code image} since 1.33).
 *
 * <blockquote>The Restricted policy only permits the following volume types.
 * <p><b>Restricted Fields:</b> spec.volumes[*]
 * <p><b>Allowed Values:</b> Every item in the spec.volumes[*] list must set one of the following fields to a
 * non-null value: spec.volumes[*].configMap, spec.volumes[*].csi, spec.volumes[*].downwardAPI,
 * spec.volumes[*].emptyDir, spec.volumes[*].ephemeral, spec.volumes[*].image, spec.volumes[*].persistentVolumeClaim,
 * spec.volumes[*].projected, spec.volumes[*].secret</blockquote>
 *
 * A volume that names no source at all is an emptyDir: the API server defaults it so before admission. Parameter
 * {@code allowed} replaces the list of types.
 */
final class VolumeTypesTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-volume-types";
    }

    @Override
    public String description() {
        return "volumes of a type outside an allowed set (params: allowed)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowed = Set.copyOf(params.strings("allowed", List.of("configMap", "csi", "downwardAPI", "emptyDir",
                "ephemeral", "image", "persistentVolumeClaim", "projected", "secret")));
        PodRule rule = (pod, out) -> {
            JsonNode volumes = pod.field("volumes");
            for (int i = 0; i < volumes.size(); i++) {
                List<String> sources = sources(volumes.get(i));
                if (sources.isEmpty() || sources.stream().anyMatch(allowed::contains)) {
                    continue;
                }
                String volume = FieldPath.index(pod.path("volumes"), i);
                out.add(FieldPath.field(volume, sources.get(0)), "volume \"" + FieldValues.text(volumes.get(i).path("name"))
                        + "\" is of type " + sources.get(0) + "; the restricted profile allows only "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        };
        return rule.evaluator();
    }

    /** The volume source fields a volume sets (every field but its name). */
    private static List<String> sources(JsonNode volume) {
        List<String> sources = new ArrayList<>();
        volume.properties().forEach(field -> {
            if (!field.getKey().equals("name") && FieldValues.isSet(field.getValue())) {
                sources.add(field.getKey());
            }
        });
        return sources;
    }
}
