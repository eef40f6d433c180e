package dev.palisade.podsecurity;

import dev.palisade.workload.PodTemplate;

/**
 * User namespaces (KEP-127). A pod with {@code spec.hostUsers: false} runs in its own user namespace, where root in
 * the container is an unprivileged user on the node. Since policy version 1.35 Pod Security Admission relaxes
 * runAsNonRoot, runAsUser and the baseline procMount control for such pods, unconditionally.
 */
final class UserNamespaces {
    private UserNamespaces() {}

    static boolean isolated(PodTemplate pod) {
        return FieldValues.isFalse(pod.field("hostUsers"));
    }
}
