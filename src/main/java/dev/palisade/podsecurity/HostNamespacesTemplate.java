package dev.palisade.podsecurity;

import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import java.util.List;
import java.util.Map;

/**
 * Baseline control "Host Namespaces" (PSA check {@code hostNamespaces}, policy 1.0).
 *
 * <blockquote>Sharing the host namespaces must be disallowed.
 * <p><b>Restricted Fields:</b> spec.hostNetwork, spec.hostPID, spec.hostIPC
 * <p><b>Allowed Values:</b> Undefined/nil, false</blockquote>
 *
 * Parameter {@code namespaces}: which of the three fields to forbid (default all three).
 */
final class HostNamespacesTemplate implements WorkloadTemplate {
    private static final List<String> FIELDS = List.of("hostNetwork", "hostPID", "hostIPC");
    private static final Map<String, String> NAMESPACE = Map.of("hostNetwork", "network", "hostPID", "process (PID)",
            "hostIPC", "IPC");

    @Override
    public String name() {
        return "pss-host-namespaces";
    }

    @Override
    public String description() {
        return "pods sharing the node's network, PID or IPC namespace (params: namespaces)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> forbidden = params.strings("namespaces", FIELDS);
        for (String field : forbidden) {
            if (!FIELDS.contains(field)) {
                throw new CatalogueException("check " + params.check() + ": namespaces lists \"" + field
                        + "\"; expected some of " + String.join(", ", FIELDS));
            }
        }
        PodRule rule = (pod, out) -> {
            for (String field : forbidden) {
                if (FieldValues.isTrue(pod.field(field))) {
                    out.add(pod.path(field), "pod sets " + field + "=true: it shares the node's "
                            + NAMESPACE.get(field) + " namespace");
                }
            }
        };
        return rule.evaluator();
    }
}
