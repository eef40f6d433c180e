package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.cli.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON report's documented fields, and the text report's line shape and colour rule. */
class JsonAndTextReportTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              namespace: team
            spec:
              containers:
                - name: app
                  image: nginx
            """;

    @Test
    void jsonFindingHasEveryDocumentedField() throws Exception {
        JsonNode report = new ObjectMapper().readTree(Cli.runWithStdin(POD, "lint", "--check", "latest-tag", "-f", "json", "-").out());
        JsonNode finding = report.path("findings").get(0);
        for (String field : List.of("check", "category", "severity", "object", "path", "file", "line", "message", "remediation")) {
            assertThat(finding.has(field)).as(field).isTrue();
        }
        assertThat(finding.path("object").toString())
                .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"namespace\":\"team\",\"name\":\"p\"}");
        assertThat(finding.path("path").asText()).isEqualTo("spec.containers[0].image");
        assertThat(finding.path("file").asText()).isEqualTo("-");
        assertThat(finding.path("line").asInt()).isEqualTo(9);
        JsonNode summary = report.path("summary");
        assertThat(summary.path("objects").asInt()).isEqualTo(1);
        assertThat(summary.path("findings").asInt()).isEqualTo(1);
        assertThat(summary.path("bySeverity").path("medium").asInt()).isEqualTo(1);
        assertThat(summary.path("exitCode").asInt()).isZero();
    }

    @Test
    void textIsOneLinePerFindingThenASummary() {
        String[] lines = Cli.runWithStdin(POD, "lint", "--check", "latest-tag", "-").out().split("\n");
        assertThat(lines).containsExactly(
                "-:9: medium latest-tag Pod/team/p: container \"app\" uses image \"nginx\" without a tag, which means :latest",
                "1 object, 1 finding (1 medium); 0 at or above high");
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        Path here = Path.of("").toAbsolutePath();
        String onTerminal = Cli.run(POD, here, true, "lint", "--check", "latest-tag", "-").out();
        assertThat(onTerminal).contains("\u001b[33mmedium\u001b[0m");
        assertThat(Cli.run(POD, here, false, "lint", "--check", "latest-tag", "-").out()).doesNotContain("\u001b[");
        assertThat(Cli.run(POD, here, true, "lint", "--no-color", "--check", "latest-tag", "-").out()).doesNotContain("\u001b[");
        assertThat(Cli.run(POD, here, true, "lint", "--format", "json", "--check", "latest-tag", "-").out()).doesNotContain("\u001b[");
    }
}
