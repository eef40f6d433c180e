package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodTemplate;

/**
 * Restricted control "Running as Non-root" (PSA check {@code runAsNonRoot}, policy 1.35).
 *
 * <blockquote>Containers must be required to run as non-root users.
 * <p><b>Restricted Fields:</b> spec.securityContext.runAsNonRoot, spec.containers[*].securityContext.runAsNonRoot,
 * spec.initContainers[*].securityContext.runAsNonRoot, spec.ephemeralContainers[*].securityContext.runAsNonRoot
 * <p><b>Allowed Values:</b> true
 * <p>The container fields may be undefined/nil if the pod-level spec.securityContext.runAsNonRoot is set to
 * true.</blockquote>
 *
 * As in PSA, an explicit false anywhere is reported even where a container overrides it with true. Since 1.35 a pod
 * with {@code spec.hostUsers: false} is exempt: its root is not the node's root. Parameter
 * {@code relaxForUserNamespaces} (default true) can withdraw that exemption.
 */
final class RunAsNonRootTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-run-as-non-root";
    }

    @Override
    public String description() {
        return "pods whose containers may run as root: runAsNonRoot not true (params: relaxForUserNamespaces)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = UserNamespaces.exemptWhenIsolated(params, (pod, out) -> {
            SecurityContextOwner podLevel = SecurityContextOwner.of(pod);
            boolean podNonRoot = FieldValues.isTrue(podLevel.field("runAsNonRoot"));
            reportNotTrue(podLevel, out);
            for (PodTemplate.Container container : pod.containers()) {
                SecurityContextOwner owner = SecurityContextOwner.of(container);
                if (FieldValues.isSet(owner.field("runAsNonRoot"))) {
                    reportNotTrue(owner, out);
                } else if (!podNonRoot) {
                    out.add(container.path(), owner.who() + " does not set securityContext.runAsNonRoot=true, and "
                            + "the pod does not set it to true either");
                }
            }
        });
        return rule.evaluator();
    }

    private static void reportNotTrue(SecurityContextOwner owner, Violations out) {
        if (FieldValues.isSet(owner.field("runAsNonRoot")) && !FieldValues.isTrue(owner.field("runAsNonRoot"))) {
            out.add(owner.path("runAsNonRoot"), owner.who() + " sets securityContext.runAsNonRoot to "
                    + FieldValues.show(owner.field("runAsNonRoot")) + "; it must be true");
        }
    }
}
