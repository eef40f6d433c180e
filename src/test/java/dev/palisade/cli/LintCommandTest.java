package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code palisade lint} run in-process as {@code main} runs it: flags, exit codes and what reaches stdout/stderr. */
class LintCommandTest {
    /** One medium finding (latest-tag) and nothing else of that check. */
    private static final String MEDIUM_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: team}
            spec:
              containers:
                - name: app
                  image: nginx
            """;

    @ParameterizedTest(name = "--fail-on {0} with a medium finding exits {1}")
    @CsvSource({"critical,0", "high,0", "medium,1", "low,1", "info,1", "MEDIUM,1"})
    void failOnSetsTheThreshold(String severity, int exit) {
        Cli.Outcome outcome = Cli.runWithStdin(MEDIUM_POD, "lint", "--check", "latest-tag", "--fail-on", severity, "-");
        assertThat(outcome.exitCode()).isEqualTo(exit);
        assertThat(outcome.out()).contains("medium latest-tag Pod/team/p");
    }

    @Test
    void defaultThresholdIsHighAndACleanRunExitsZero() {
        assertThat(Cli.runWithStdin(MEDIUM_POD, "lint", "--check", "latest-tag", "-").exitCode()).isZero();
        Cli.Outcome clean = Cli.runWithStdin(MEDIUM_POD.replace("image: nginx", "image: nginx:1.27"), "lint", "--check", "latest-tag", "-");
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.out()).isEqualTo("1 object, 0 findings; 0 at or above high\n");
    }

    @Test
    void configFailOnAppliesUnlessTheFlagOverridesIt(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("strict.yaml"), "failOn: medium\n");
        assertThat(Cli.runWithStdin(MEDIUM_POD, "lint", "-c", config.toString(), "--check", "latest-tag", "-").exitCode()).isEqualTo(1);
        assertThat(Cli.runWithStdin(MEDIUM_POD, "lint", "-c", config.toString(), "--fail-on", "high", "--check", "latest-tag", "-")
                .exitCode()).isZero();
    }

    @Test
    void dotPalisadeYamlInTheWorkingDirectoryIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".palisade.yaml"), "failOn: low\n");
        Cli.Outcome outcome = Cli.run(MEDIUM_POD, dir, false, "lint", "--check", "latest-tag", "-");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("1 at or above low");
    }

    @Test
    void unreadableInputExitsTwoAndEveryOtherFileIsStillReported(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), MEDIUM_POD);
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n");
        Path missing = dir.resolve("missing.yaml");
        Cli.Outcome outcome = Cli.run("lint", "--check", "latest-tag", broken.toString(), missing.toString(), good.toString());
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.out())
                .contains("error " + broken + ":")
                .contains("error " + missing + ": no such file or directory")
                .contains(good + ":7: medium latest-tag Pod/team/p")
                .contains("2 input errors");
        Cli.Outcome json = Cli.run("lint", "-f", "json", "--check", "latest-tag", broken.toString(), good.toString());
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.out()).contains("\"findings\" : 1").contains("broken.yaml");
        assertThat(json.err()).startsWith("error " + broken + ":4: invalid YAML");
    }

    @Test
    void foldersAreWalkedAndStdinMixesWithFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("apps/web"));
        Files.writeString(dir.resolve("apps/web/pod.yaml"), MEDIUM_POD.replace("name: p,", "name: from-folder,"));
        Files.writeString(dir.resolve("apps/pod.json"),
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"redis\"}]}}");
        Cli.Outcome outcome = Cli.runWithStdin(MEDIUM_POD, "lint", "--check", "latest-tag", dir.toString(), "-");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("Pod/team/from-folder").contains("Pod/j:").contains("-:7: medium latest-tag Pod/team/p")
                .contains("3 objects, 3 findings");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown format      | lint --format xml -                    | unknown format \"xml\": expected text, json, sarif, junit or html",
            "unknown severity    | lint --fail-on severe -                | unknown severity \"severe\"",
            "unknown profile     | lint --profile strict -                | unknown profile \"strict\"",
            "unknown check       | lint --check no-such-check -           | --check no-such-check: no such enabled check",
            "unknown option      | lint --frobnicate -                    | Unknown option: '--frobnicate'",
            "no path             | lint                                   | Missing required parameter: 'PATH'",
            "no command          | ''                                     | a command is required",
            "missing config      | lint -c /nonexistent/palisade.yaml -   | config /nonexistent/palisade.yaml does not exist",
            "config is a folder  | lint -c /tmp -                         | config /tmp is a folder; name the file",
    })
    void usageErrorsExitTwoWithAOneLineReasonAndNoStackTrace(String name, String args, String message) {
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        Cli.Outcome outcome = Cli.runWithStdin(MEDIUM_POD, argv);
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void configErrorsExitTwoNamingTheProblem(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), "failon: high\n");
        Cli.Outcome outcome = Cli.runWithStdin(MEDIUM_POD, "lint", "-c", config.toString(), "-");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("palisade: config " + config + ": unknown setting \"failon\" (known: admission,"
                + " audit, checks, customChecks, enforcer, exclude, failOn, kubernetes, networkPolicy, profile, rbac, rules)\n");
    }

    @Test
    void helpAndVersionExitZero() {
        Cli.Outcome help = Cli.run("lint", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--format").contains("--fail-on").contains("--check").contains("Exit codes");
        Cli.Outcome version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("palisade ");
    }

    @Test
    void checksListShowsTheCatalogueAsTextAndJson(@TempDir Path dir) throws Exception {
        Cli.Outcome text = Cli.run("checks", "list");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("CHECK").contains("latest-tag").containsPattern("\\d+ checks\\n$");

        Path config = Files.writeString(dir.resolve("c.yaml"), """
                checks:
                  latest-tag: {enabled: false, severity: high}
                customChecks:
                  - {id: dev-tag, category: best-practice, severity: low, description: Dev tags., remediation: Pin.,
                     template: image-tag, params: {disallowedTags: [dev]}}
                """);
        Cli.Outcome json = Cli.run("checks", "list", "--format", "json", "-c", config.toString());
        assertThat(json.exitCode()).isZero();
        JsonNode checks = new ObjectMapper().readTree(json.out()).path("checks");
        JsonNode latest = null;
        JsonNode dev = null;
        for (JsonNode check : checks) {
            if (check.path("id").asText().equals("latest-tag")) {
                latest = check;
            } else if (check.path("id").asText().equals("dev-tag")) {
                dev = check;
            }
        }
        assertThat(latest).isNotNull();
        assertThat(latest.path("enabled").asBoolean()).isFalse();
        assertThat(latest.path("severity").asText()).isEqualTo("high");
        assertThat(latest.path("template").asText()).isEqualTo("image-tag");
        assertThat(dev).isNotNull();
        assertThat(dev.path("params").path("disallowedTags").get(0).asText()).isEqualTo("dev");
        assertThat(Cli.run("checks", "list", "--format", "yaml").exitCode()).isEqualTo(2);
        assertThat(Cli.run("checks", "templates").out()).contains("image-tag");
    }

    @Test
    void theSystemStreamsOverloadWritesToSystemOut() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(PalisadeCommand.run("checks", "list", "--format", "json")).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"id\" : \"latest-tag\"");
    }

    @Test
    void anInputWithoutObjectsPassesWithAWarning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        Cli.Outcome outcome = Cli.run("lint", dir.toString());
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("0 objects, 0 findings; 0 at or above high\n");
        assertThat(outcome.err()).isEqualTo("palisade: warning: no Kubernetes objects found in " + dir + "\n");
    }
}
