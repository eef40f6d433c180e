package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodTemplate;

/**
 * Restricted control "Privilege Escalation" (PSA check {@code allowPrivilegeEscalation}, policy 1.25).
 *
 * <blockquote>Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed. This
 * is Linux only policy in v1.25+ (spec.os.name != windows)
 * <p><b>Restricted Fields:</b> spec.containers[*].securityContext.allowPrivilegeEscalation,
 * spec.initContainers[*].securityContext.allowPrivilegeEscalation,
 * spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation
 * <p><b>Allowed Values:</b> false</blockquote>
 *
 * Unset counts as allowed escalation (the runtime's default is true), so every container must say false itself.
 */
final class PrivilegeEscalationTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-privilege-escalation";
    }

    @Override
    public String description() {
        return "Linux containers that do not set securityContext.allowPrivilegeEscalation=false";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = (pod, out) -> {
            if (pod.isWindows()) {
                return;
            }
            for (PodTemplate.Container container : pod.containers()) {
                SecurityContextOwner owner = SecurityContextOwner.of(container);
                if (FieldValues.isFalse(owner.field("allowPrivilegeEscalation"))) {
                    continue;
                }
                if (FieldValues.isSet(owner.field("allowPrivilegeEscalation"))) {
                    out.add(owner.path("allowPrivilegeEscalation"), owner.who()
                            + " sets securityContext.allowPrivilegeEscalation to "
                            + FieldValues.show(owner.field("allowPrivilegeEscalation")) + "; it must be false");
                } else {
                    out.add(container.path(), owner.who()
                            + " does not set securityContext.allowPrivilegeEscalation=false (unset means true)");
                }
            }
        };
        return rule.evaluator();
    }
}
