package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import java.util.List;
import java.util.Set;

/**
 * Baseline control "SELinux" (PSA check {@code seLinuxOptions}, policy 1.31).
 *
 * <blockquote>Setting the SELinux type is restricted, and setting a custom SELinux user or role option is forbidden.
 * <p><b>Restricted Fields:</b> spec.securityContext.seLinuxOptions.type,
 * spec.containers[*].securityContext.seLinuxOptions.type,
 * spec.initContainers[*].securityContext.seLinuxOptions.type,
 * spec.ephemeralContainers[*].securityContext.seLinuxOptions.type
 * <p><b>Allowed Values:</b> Undefined/"", container_t, container_init_t, container_kvm_t,
 * container_engine_t (since Kubernetes 1.31)
 * <p><b>Restricted Fields:</b> spec.securityContext.seLinuxOptions.user, spec.containers[*].securityContext
 * .seLinuxOptions.user, ... .role (same four places)
 * <p><b>Allowed Values:</b> Undefined/""</blockquote>
 *
 * {@code level} is not restricted. Parameter {@code allowedTypes} replaces the named types (empty is always allowed).
 */
final class SeLinuxTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-selinux";
    }

    @Override
    public String description() {
        return "SELinux options with a custom user or role, or a type outside an allowed set (params: allowedTypes)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowedTypes = Set.copyOf(params.strings("allowedTypes",
                List.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t")));
        PodRule rule = (pod, out) -> {
            for (SecurityContextOwner owner : SecurityContextOwner.all(pod)) {
                String type = FieldValues.text(owner.field("seLinuxOptions", "type"));
                if (!type.isEmpty() && !allowedTypes.contains(type)) {
                    out.add(owner.path("seLinuxOptions", "type"), owner.who()
                            + " sets securityContext.seLinuxOptions.type to \"" + type + "\"; allowed: "
                            + String.join(", ", allowedTypes.stream().sorted().toList()));
                }
                for (String field : List.of("user", "role")) {
                    String value = FieldValues.text(owner.field("seLinuxOptions", field));
                    if (!value.isEmpty()) {
                        out.add(owner.path("seLinuxOptions", field), owner.who() + " sets securityContext.seLinuxOptions."
                                + field + " to \"" + value + "\"; a custom SELinux " + field + " is forbidden");
                    }
                }
            }
        };
        return rule.evaluator();
    }
}
