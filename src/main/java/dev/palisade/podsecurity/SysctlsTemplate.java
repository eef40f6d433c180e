package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import java.util.List;
import java.util.Set;

/**
 * Baseline control "Sysctls" (PSA check {@code sysctls}, policy 1.37).
 *
 * <blockquote>Sysctls can disable security mechanisms or affect all containers on a host, and should be disallowed
 * except for an allowed "safe" subset. A sysctl is considered safe if it is namespaced in the container or the Pod,
 * and it is isolated from other Pods or processes on the same Node.
 * <p><b>Restricted Fields:</b> spec.securityContext.sysctls[*].name
 * <p><b>Allowed Values:</b> Undefined/nil, kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
 * net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range,
 * net.ipv4.ip_local_reserved_ports (since 1.27), net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
 * net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes (since 1.29), net.ipv4.tcp_rmem,
 * net.ipv4.tcp_wmem (since 1.32), net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat (since 1.37)
 * </blockquote>
 *
 * Parameter {@code allowed} replaces the list, for example to pin the list of an older Kubernetes version.
 */
final class SysctlsTemplate implements WorkloadTemplate {
    static final List<String> SAFE_SYSCTLS = List.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem",
            "net.ipv4.tcp_slow_start_after_idle",
            "net.ipv4.tcp_notsent_lowat");

    @Override
    public String name() {
        return "pss-sysctls";
    }

    @Override
    public String description() {
        return "pod sysctls outside a safe set (params: allowed)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowed = Set.copyOf(params.strings("allowed", SAFE_SYSCTLS));
        PodRule rule = (pod, out) -> {
            SecurityContextOwner owner = SecurityContextOwner.of(pod);
            JsonNode sysctls = owner.field("sysctls");
            for (int i = 0; i < sysctls.size(); i++) {
                String name = FieldValues.text(sysctls.get(i).path("name"));
                if (!allowed.contains(name)) {
                    out.add(FieldPath.field(FieldPath.index(owner.path("sysctls"), i), "name"), "pod sets sysctl \""
                            + name + "\" in securityContext.sysctls, which is not in the safe set");
                }
            }
        };
        return rule.evaluator();
    }
}
