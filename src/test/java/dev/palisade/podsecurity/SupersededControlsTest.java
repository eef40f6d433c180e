package dev.palisade.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * As in Pod Security Admission, a restricted control overrides the baseline control it extends (capabilities, seccomp,
 * volume types over hostPath, procMount): when both report the same field, one finding remains, the more severe.
 */
class SupersededControlsTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: team}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}
              volumes: [{name: host, hostPath: {path: /etc}}]
              containers:
                - name: app
                  image: registry.example.com/app:1.0
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities: {drop: [ALL], add: [SYS_ADMIN]}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"restricted", "all"})
    void eachFieldIsReportedOnceWhenBothLevelsRun(String profile) {
        List<Finding> podSecurity = Lint.profile(profile, POD).stream().filter(f -> f.category().equals("pod-security")).toList();
        assertThat(podSecurity).extracting(f -> f.check() + " " + f.path()).containsExactlyInAnyOrder(
                "baseline-capabilities spec.containers[0].securityContext.capabilities.add[0]",
                "baseline-seccomp spec.securityContext.seccompProfile.type",
                "restricted-seccomp spec.containers[0]",
                "baseline-host-path-volumes spec.volumes[0].hostPath");
        assertThat(podSecurity).filteredOn(f -> f.check().startsWith("baseline-"))
                .as("the baseline findings are the more severe, so they stay").allSatisfy(f -> assertThat(f.severity())
                        .isGreaterThan(Lint.catalogue().byId(f.check().replace("baseline-host-path-volumes", "restricted-volume-types")
                                .replace("baseline-", "restricted-")).severity()));
    }

    @Test
    void theBaselineProfileStillRunsTheBaselineControls() {
        assertThat(Lint.profile("baseline", POD)).extracting(Finding::check).containsExactlyInAnyOrder(
                "baseline-capabilities", "baseline-seccomp", "baseline-host-path-volumes");
    }
}
