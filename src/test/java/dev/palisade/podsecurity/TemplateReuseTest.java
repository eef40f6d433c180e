package dev.palisade.podsecurity;

import static dev.palisade.podsecurity.PodYaml.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The templates are reusable from a user's config, and their parameters are validated with clear errors. */
class TemplateReuseTest {

    private static final String SYSCTL_POD = pod("""
            securityContext:
              sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]
            containers: [{name: a, image: a:1}]
            """);

    @Test
    void aCustomCheckCanPinTheSysctlListOfAnOlderKubernetes() {
        String config = """
                customChecks:
                  - id: sysctls-1-29
                    category: pod-security
                    severity: high
                    description: Sysctls outside the safe set of Kubernetes 1.29.
                    remediation: Remove the sysctl.
                    template: pss-sysctls
                    params:
                      allowed: [kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
                                net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start,
                                net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
                                net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes]
                """;
        List<Finding> findings = Lint.withConfig(config, SYSCTL_POD).stream()
                .filter(f -> f.check().contains("sysctls")).toList();
        assertThat(findings).extracting(Finding::check).containsExactly("sysctls-1-29");
        assertThat(findings.get(0).path()).isEqualTo("spec.securityContext.sysctls[0].name");
    }

    @Test
    void theBuiltInCheckAcceptsTheSysctlsOf132() {
        assertThat(Lint.check("baseline-sysctls", SYSCTL_POD)).isEmpty();
    }

    @Test
    void aHostPortThatIsNotANumberIsRejectedByName() {
        String config = """
                checks:
                  baseline-host-ports:
                    params: {allowed: [http]}
                """;
        assertThatThrownBy(() -> Lint.withConfig(config, SYSCTL_POD))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("baseline-host-ports").hasMessageContaining("\"http\"");
    }

    @Test
    void anUnknownHostNamespaceIsRejectedWithTheKnownOnes() {
        String config = """
                checks:
                  baseline-host-namespaces:
                    params: {namespaces: [hostUsers]}
                """;
        assertThatThrownBy(() -> Lint.withConfig(config, SYSCTL_POD))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("hostUsers").hasMessageContaining("hostNetwork, hostPID, hostIPC");
    }
}
