package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user's operator (examples/rbac-keda.yaml): every danger named once, with its rule and line, and the default
 * failure threshold fails. The leases and events rules and the HorizontalPodAutoscaler rule are not dangers.
 */
class KedaExampleTest {

    @Test
    void eachDangerIsNamedOnceAtItsRuleAndTheDefaultThresholdFails() throws IOException {
        List<Finding> findings = Lint.profile("all", Files.readString(Path.of("examples/rbac-keda.yaml")))
                .stream().filter(f -> f.category().equals("rbac")).toList();
        assertThat(findings).extracting(f -> f.line() + " " + f.severity().label() + " " + f.check() + " " + f.object().name()
                + " " + f.path()).containsExactlyInAnyOrder(
                "6 critical rbac-secrets-read keda-operator rules[0]",      // get on */* in every group: every Secret
                "6 critical rbac-nodes-proxy keda-operator rules[0]",       // ... and kubelet exec through nodes/proxy
                "6 medium rbac-pods-exec keda-operator rules[0]",           // ... and exec by get before 1.35
                "9 critical rbac-secrets-read keda-operator rules[1]",
                "12 medium rbac-scale-write keda-operator rules[2]",
                "15 critical rbac-webhook-write keda-operator rules[3]",
                "18 critical rbac-apiservice-write keda-operator rules[4]",
                "27 high rbac-workload-create keda-operator rules[7]",      // * on jobs
                "37 high rbac-secrets-read keda-operator-secrets rules[0]",
                "37 medium rbac-secrets-write keda-operator-secrets rules[0]");
        assertThat(findings).anyMatch(f -> f.severity().atLeast(PalisadeConfig.DEFAULT_FAIL_ON));
        assertThat(findings.stream().filter(f -> f.path().equals("rules[0]") && f.check().equals("rbac-secrets-read")
                && f.object().name().equals("keda-operator")).findFirst().orElseThrow().message())
                .isEqualTo("rule 0 grants get on every resource (resources: [\"*\"]) in every API group (apiGroups: [\"*\"]),"
                        + " which includes secrets; bound cluster-wide by ClusterRoleBinding keda-operator");
    }
}
