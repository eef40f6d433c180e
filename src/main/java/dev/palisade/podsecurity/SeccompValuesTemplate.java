package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;

/**
 * Baseline control "Seccomp" (PSA check {@code seccompProfile_baseline}, policy 1.19).
 *
 * <blockquote>Seccomp profile must not be explicitly set to Unconfined.
 * <p><b>Restricted Fields:</b> spec.securityContext.seccompProfile.type,
 * spec.containers[*].securityContext.seccompProfile.type,
 * spec.initContainers[*].securityContext.seccompProfile.type,
 * spec.ephemeralContainers[*].securityContext.seccompProfile.type
 * <p><b>Allowed Values:</b> Undefined/nil, RuntimeDefault, Localhost</blockquote>
 *
 * The seccomp annotations ({@code seccomp.security.alpha.kubernetes.io/pod}, ...) were only read by policy
 * versions before 1.19; the current policy ignores them, and so does this control. Parameter {@code allowedTypes}
 * replaces {@code [RuntimeDefault, Localhost]}.
 */
final class SeccompValuesTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-seccomp-values";
    }

    @Override
    public String description() {
        return "seccomp profiles set to a type outside an allowed set (params: allowedTypes)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        SeccompProfiles profiles = SeccompProfiles.from(params);
        PodRule rule = (pod, out) -> SecurityContextOwner.all(pod).forEach(owner -> profiles.reportBadType(owner, out));
        return rule.evaluator();
    }
}
