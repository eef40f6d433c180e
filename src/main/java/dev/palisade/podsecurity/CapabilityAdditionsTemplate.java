package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodTemplate;
import java.util.List;
import java.util.Set;

/**
 * Baseline control "Capabilities" (PSA check {@code capabilities_baseline}, policy 1.0).
 *
 * <blockquote>Adding additional capabilities beyond those listed below must be disallowed.
 * <p><b>Restricted Fields:</b> spec.containers[*].securityContext.capabilities.add,
 * spec.initContainers[*].securityContext.capabilities.add,
 * spec.ephemeralContainers[*].securityContext.capabilities.add
 * <p><b>Allowed Values:</b> Undefined/nil, AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
 * NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT</blockquote>
 *
 * Names are compared exactly, as PSA does: {@code sys_chroot} or {@code CAP_CHOWN} are not in the list. Parameter
 * {@code allowed} replaces the list.
 */
final class CapabilityAdditionsTemplate implements WorkloadTemplate {
    static final List<String> DEFAULT_SET = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    @Override
    public String name() {
        return "pss-capabilities-add";
    }

    @Override
    public String description() {
        return "containers adding capabilities outside an allowed set (params: allowed)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowed = Set.copyOf(params.strings("allowed", DEFAULT_SET));
        PodRule rule = (pod, out) -> {
            for (PodTemplate.Container container : pod.containers()) {
                reportAdditions(SecurityContextOwner.of(container), allowed, "it is outside the baseline's default set", out);
            }
        };
        return rule.evaluator();
    }

    /** One violation per added capability that is not allowed, pointing at the list entry. */
    static void reportAdditions(SecurityContextOwner owner, Set<String> allowed, String why,
                                Violations out) {
        JsonNode add = owner.field("capabilities", "add");
        for (int i = 0; i < add.size(); i++) {
            String capability = FieldValues.text(add.get(i));
            if (!allowed.contains(capability)) {
                out.add(FieldPath.index(owner.path("capabilities", "add"), i),
                        owner.who() + " adds capability " + capability + " in securityContext.capabilities.add; "
                                + why);
            }
        }
    }
}
