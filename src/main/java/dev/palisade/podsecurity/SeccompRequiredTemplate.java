package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodTemplate;

/**
 * Restricted control "Seccomp" (PSA check {@code seccompProfile_restricted}, policy 1.25).
 *
 * <blockquote>Seccomp profile must be explicitly set to one of the allowed values. Both the Unconfined profile and
 * the absence of a profile are prohibited. This is Linux only policy in v1.25+ (.spec.os.name != "windows")
 * <p><b>Restricted Fields:</b> spec.securityContext.seccompProfile.type,
 * spec.containers[*].securityContext.seccompProfile.type,
 * spec.initContainers[*].securityContext.seccompProfile.type,
 * spec.ephemeralContainers[*].securityContext.seccompProfile.type
 * <p><b>Allowed Values:</b> RuntimeDefault, Localhost</blockquote>
 *
 * A container may leave it unset when the pod level sets an allowed type. As in PSA, a container's own allowed type
 * does not excuse a bad pod-level type: both are reported. Parameter {@code allowedTypes} as for the baseline control.
 */
final class SeccompRequiredTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-seccomp-required";
    }

    @Override
    public String description() {
        return "Linux pods whose containers have no seccomp profile of an allowed type (params: allowedTypes)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        SeccompProfiles profiles = SeccompProfiles.from(params);
        PodRule rule = (pod, out) -> {
            if (pod.isWindows()) {
                return;
            }
            SecurityContextOwner podLevel = SecurityContextOwner.of(pod);
            boolean podBad = profiles.reportBadType(podLevel, out);
            boolean podCovers = profiles.isSet(podLevel) && !podBad;
            for (PodTemplate.Container container : pod.containers()) {
                SecurityContextOwner owner = SecurityContextOwner.of(container);
                if (profiles.isSet(owner)) {
                    profiles.reportBadType(owner, out);
                } else if (!podCovers) {
                    out.add(container.path(), owner.who() + " has no seccomp profile: set securityContext.seccompProfile"
                            + ".type to " + profiles.allowedList() + " on the container or the pod"
                            + (podBad ? " (the pod-level type is not allowed)" : ""));
                }
            }
        };
        return rule.evaluator();
    }
}
