package dev.palisade.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The removed-API table judged against the target release the configuration (or --kubernetes-version) names. */
class ApiDeprecationTest {
    private static final String CRONJOB = """
            apiVersion: batch/v1beta1
            kind: CronJob
            metadata: {name: report, namespace: shop}
            spec: {schedule: "0 3 * * *", jobTemplate: {spec: {template: {spec: {containers: []}}}}}
            """;

    private static List<Finding> at(String version) {
        return Lint.withConfig("kubernetes: {version: \"" + version + "\"}\ncustomChecks: []\nchecks: {}\n", CRONJOB).stream()
                .filter(f -> f.check().equals("deprecated-api-version")).toList();
    }

    @Test
    void theTargetReleaseDecidesBetweenNothingDeprecatedAndRemoved() {
        assertThat(at("1.20")).as("before the deprecation").isEmpty();
        assertThat(at("1.24")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.message()).contains("deprecated since Kubernetes 1.21 and removed in 1.25").contains("batch/v1");
        });
        assertThat(at("v1.25.3")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.path()).isEqualTo("apiVersion");
            assertThat(f.line()).isEqualTo(1);
        });
    }

    @Test
    void theDefaultTargetIs137() {
        assertThat(Lint.check("deprecated-api-version", CRONJOB)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("the target 1.37 rejects it"));
    }

    @Test
    void aVersionThatIsNoReleaseIsAConfigurationError() {
        assertThatThrownBy(() -> at("latest")).isInstanceOf(CatalogueException.class)
                .hasMessageContaining("kubernetes.version").hasMessageContaining("write it as 1.37");
    }
}
