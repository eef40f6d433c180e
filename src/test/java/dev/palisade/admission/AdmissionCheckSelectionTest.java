package dev.palisade.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which catalogue checks the webhook runs: the schema category is the API server's job unless a user names one. */
class AdmissionCheckSelectionTest {

    @Test
    void schemaChecksAreLeftToTheApiServerByDefault() {
        PalisadeConfig config = PalisadeConfig.empty();
        List<Check> selected = Catalogue.load(config).selected(config.profile());
        assertThat(ids(selected)).contains("schema-validation", "deprecated-api-version", "baseline-privileged");

        List<Check> admitted = WebhookServer.admissionChecks(selected, AdmissionSettings.from(config, "palisade"));

        assertThat(ids(admitted)).doesNotContain("schema-validation", "deprecated-api-version", "label-syntax")
                .contains("baseline-privileged", "latest-tag");
        assertThat(admitted).allMatch(c -> !c.definition().category().equals("schema"));
    }

    @Test
    void aSchemaCheckNamedInTheAdmissionSectionRuns() {
        PalisadeConfig config = PalisadeConfig.parse("c.yaml", "admission:\n  checks:\n    deprecated-api-version: warn\n");
        List<Check> selected = Catalogue.load(config).selected(config.profile());

        List<Check> admitted = WebhookServer.admissionChecks(selected, AdmissionSettings.from(config, "palisade"));

        assertThat(ids(admitted)).contains("deprecated-api-version").doesNotContain("schema-validation");
    }

    private static List<String> ids(List<Check> checks) {
        return checks.stream().map(Check::id).toList();
    }
}
