package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodTemplate;

/**
 * Baseline control "Privileged Containers" (PSA check {@code privileged}, policy 1.0).
 *
 * <blockquote>Privileged Pods disable most security mechanisms and must be disallowed.
 * <p><b>Restricted Fields:</b> spec.containers[*].securityContext.privileged,
 * spec.initContainers[*].securityContext.privileged, spec.ephemeralContainers[*].securityContext.privileged
 * <p><b>Allowed Values:</b> Undefined/nil, false</blockquote>
 */
final class PrivilegedTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-privileged";
    }

    @Override
    public String description() {
        return "containers with securityContext.privileged=true";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = (pod, out) -> {
            for (PodTemplate.Container container : pod.containers()) {
                SecurityContextOwner owner = SecurityContextOwner.of(container);
                if (FieldValues.isTrue(owner.field("privileged"))) {
                    out.add(owner.path("privileged"), owner.who() + " sets securityContext.privileged=true");
                }
            }
        };
        return rule.evaluator();
    }
}
