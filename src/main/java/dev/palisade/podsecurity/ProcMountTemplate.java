package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodTemplate;

/**
 * "/proc Mount Type", in both its forms: the baseline control (PSA check {@code procMount}, policy 1.35) and the
 * restricted one (PSA check {@code procMount_restricted}, policy 1.35).
 *
 * <blockquote>The default /proc masks are set up to reduce attack surface, and should be required.
 * <p><b>Restricted Fields:</b> spec.containers[*].securityContext.procMount,
 * spec.initContainers[*].securityContext.procMount, spec.ephemeralContainers[*].securityContext.procMount
 * <p><b>Allowed Values:</b> Undefined/nil, Default</blockquote>
 *
 * Since 1.35 the baseline control allows any procMount in a pod with {@code spec.hostUsers: false} (a user
 * namespace), while the restricted control still requires Default there. Parameter {@code relaxForUserNamespaces}
 * picks the form: true for baseline, false for restricted.
 */
final class ProcMountTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-proc-mount";
    }

    @Override
    public String description() {
        return "containers unmasking /proc (params: relaxForUserNamespaces)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = UserNamespaces.exemptWhenIsolated(params, (pod, out) -> {
            for (PodTemplate.Container container : pod.containers()) {
                SecurityContextOwner owner = SecurityContextOwner.of(container);
                if (!FieldValues.isSet(owner.field("procMount"))) {
                    continue;
                }
                String procMount = FieldValues.text(owner.field("procMount"));
                if (!procMount.equals("Default")) {
                    out.add(owner.path("procMount"), owner.who() + " sets securityContext.procMount to \"" + procMount
                            + "\"" + (UserNamespaces.isolated(pod)
                                    ? "; even with hostUsers: false the restricted profile requires Default"
                                    : "; only Default (or unset) keeps the /proc masks"));
                }
            }
        });
        return rule.evaluator();
    }
}
