package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;

/**
 * Baseline control "HostProcess" (PSA check {@code windowsHostProcess}, policy 1.0).
 *
 * <blockquote>Windows Pods offer the ability to run HostProcess containers which enables privileged access to the
 * Windows host machine. Privileged access to the host is disallowed in the Baseline policy.
 * <p><b>Restricted Fields:</b> spec.securityContext.windowsOptions.hostProcess,
 * spec.containers[*].securityContext.windowsOptions.hostProcess,
 * spec.initContainers[*].securityContext.windowsOptions.hostProcess,
 * spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess
 * <p><b>Allowed Values:</b> Undefined/nil, false</blockquote>
 */
final class WindowsHostProcessTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-windows-host-process";
    }

    @Override
    public String description() {
        return "Windows HostProcess pods or containers";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        PodRule rule = (pod, out) -> {
            for (SecurityContextOwner owner : SecurityContextOwner.all(pod)) {
                if (FieldValues.isTrue(owner.field("windowsOptions", "hostProcess"))) {
                    out.add(owner.path("windowsOptions", "hostProcess"), owner.who()
                            + " sets securityContext.windowsOptions.hostProcess=true: it runs as a process on the node");
                }
            }
        };
        return rule.evaluator();
    }
}
