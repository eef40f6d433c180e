package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;

/**
 * Restricted control "Running as Non-root user" (PSA check {@code runAsUser}, policy 1.35).
 *
 * <blockquote>Containers must not set runAsUser to 0
 * <p><b>Restricted Fields:</b> spec.securityContext.runAsUser, spec.containers[*].securityContext.runAsUser,
 * spec.initContainers[*].securityContext.runAsUser, spec.ephemeralContainers[*].securityContext.runAsUser
 * <p><b>Allowed Values:</b> any non-zero value, undefined/null</blockquote>
 *
 * Each setter of 0 is reported, the pod level too even when every container overrides it. Since 1.35 a pod with
 * {@code spec.hostUsers: false} is exempt; parameter {@code relaxForUserNamespaces} (default true) can withdraw that.
 */
final class RunAsUserTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-run-as-user";
    }

    @Override
    public String description() {
        return "pods or containers that set runAsUser: 0 (params: relaxForUserNamespaces)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = UserNamespaces.exemptWhenIsolated(params, (pod, out) -> {
            for (SecurityContextOwner owner : SecurityContextOwner.all(pod)) {
                if (FieldValues.isZero(owner.field("runAsUser"))) {
                    out.add(owner.path("runAsUser"), owner.who() + " sets securityContext.runAsUser=0 (root)");
                }
            }
        });
        return rule.evaluator();
    }
}
