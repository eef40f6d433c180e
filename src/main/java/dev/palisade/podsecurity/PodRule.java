package dev.palisade.podsecurity;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.Violations;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;

/**
 * What every Pod Security control does: judge the pod of any workload kind. Pod Security Admission evaluates the pod
 * template of controllers the same way it evaluates Pods, so one accessor serves all nine kinds.
 */
@FunctionalInterface
interface PodRule {

    void judge(PodTemplate pod, Violations out);

    /** The engine's view of this rule: objects without a pod template are not its business. */
    default CheckTemplate.Evaluator evaluator() {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> judge(pod, out));
    }
}
