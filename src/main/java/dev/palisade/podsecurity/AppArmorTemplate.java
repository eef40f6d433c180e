package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline control "AppArmor" (PSA check {@code appArmorProfile}, policy 1.0; the field is checked since 1.30).
 *
 * <blockquote>On supported hosts, the RuntimeDefault AppArmor profile is applied by default. The baseline policy
 * should prevent overriding or disabling the default AppArmor profile, or restrict overrides to an allowed set of
 * profiles.
 * <p><b>Restricted Fields:</b> spec.securityContext.appArmorProfile.type,
 * spec.containers[*].securityContext.appArmorProfile.type,
 * spec.initContainers[*].securityContext.appArmorProfile.type,
 * spec.ephemeralContainers[*].securityContext.appArmorProfile.type
 * <p><b>Allowed Values:</b> Undefined/nil, RuntimeDefault, Localhost
 * <p><b>Restricted Fields:</b> metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
 * <p><b>Allowed Values:</b> Undefined/nil, runtime/default, localhost/*</blockquote>
 *
 * PSA still reads the deprecated annotation, on any key with that prefix, and also admits an empty value. A set
 * {@code appArmorProfile} without a type counts as the empty type, which is not allowed. Parameter
 * {@code allowedTypes} replaces {@code [RuntimeDefault, Localhost]}; each type admits its annotation spelling
 * ({@code runtime/default}, {@code localhost/<name>}, {@code unconfined}).
 */
final class AppArmorTemplate implements WorkloadTemplate {
    static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    @Override
    public String name() {
        return "pss-apparmor";
    }

    @Override
    public String description() {
        return "AppArmor profiles, as field or beta annotation, outside an allowed set of types (params: allowedTypes)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowedTypes = Set.copyOf(params.strings("allowedTypes", List.of("RuntimeDefault", "Localhost")));
        PodRule rule = (pod, out) -> {
            for (SecurityContextOwner owner : SecurityContextOwner.all(pod)) {
                if (!FieldValues.isSet(owner.field("appArmorProfile"))) {
                    continue;
                }
                String type = FieldValues.text(owner.field("appArmorProfile", "type"));
                if (!allowedTypes.contains(type)) {
                    out.add(owner.path("appArmorProfile", "type"), owner.who()
                            + " sets securityContext.appArmorProfile.type to \"" + type + "\"; allowed: "
                            + String.join(", ", allowedTypes.stream().sorted().toList()));
                }
            }
            String annotations = FieldPath.field(pod.metadataPath(), "annotations");
            for (Map.Entry<String, JsonNode> annotation : pod.metadata().path("annotations").properties()) {
                String key = annotation.getKey();
                String value = FieldValues.text(annotation.getValue());
                if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(value, allowedTypes)) {
                    out.add(FieldPath.field(annotations, key), "annotation " + key + " sets AppArmor profile \""
                            + value + "\" for container \"" + key.substring(ANNOTATION_PREFIX.length()) + "\"");
                }
            }
        };
        return rule.evaluator();
    }

    private static boolean allowedAnnotation(String value, Set<String> allowedTypes) {
        return value.isEmpty()
                || (allowedTypes.contains("RuntimeDefault") && value.equals("runtime/default"))
                || (allowedTypes.contains("Localhost") && value.startsWith("localhost/"))
                || (allowedTypes.contains("Unconfined") && value.equals("unconfined"));
    }
}
