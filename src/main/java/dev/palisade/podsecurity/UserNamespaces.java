package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.workload.PodTemplate;

/**
 * User namespaces (KEP-127). A pod with {@code spec.hostUsers: false} runs in its own user namespace, where root in
 * the container is an unprivileged user on the node. Since policy version 1.35 Pod Security Admission relaxes
 * runAsNonRoot, runAsUser and the baseline procMount control for such pods, unconditionally.
 */
final class UserNamespaces {
    private UserNamespaces() {}

    /**
     * The rule, skipping pods in their own user namespace unless the check's {@code relaxForUserNamespaces} parameter
     * (default true, as PSA does) is false. The controls that PSA relaxes share this one switch.
     */
    static PodRule exemptWhenIsolated(TemplateParams params, PodRule rule) {
        boolean relax = params.bool("relaxForUserNamespaces", true);
        return (pod, out) -> {
            if (!(relax && isolated(pod))) {
                rule.judge(pod, out);
            }
        };
    }

    static boolean isolated(PodTemplate pod) {
        return FieldValues.isFalse(pod.field("hostUsers"));
    }
}
