package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user's operator ClusterRole (examples/rbac-keda.yaml) must fail the default threshold, once per danger. */
class KedaExampleTest {

    @Test
    void kedaOperatorRoleIsReportedPerDangerAndRule() throws IOException {
        List<Finding> findings = Lint.profile("all", Files.readString(Path.of("examples/rbac-keda.yaml")));
        List<String> rbac = findings.stream().filter(f -> f.category().equals("rbac"))
                .map(f -> f.check() + " " + f.object().name() + " " + f.path()).toList();
        assertThat(rbac).contains(
                "rbac-secrets-read keda-operator rules[0]",
                "rbac-secrets-read keda-operator rules[1]",
                "rbac-webhook-write keda-operator rules[3]",
                "rbac-secrets-read keda-operator-secrets rules[0]");
        assertThat(rbac).doesNotHaveDuplicates();
        assertThat(findings).anyMatch(f -> f.category().equals("rbac")
                && f.severity().compareTo(dev.palisade.engine.Severity.HIGH) >= 0);
    }
}
