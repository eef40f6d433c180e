package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code .palisade.yaml}: what each setting does to a lint run, and the errors a wrong setting gets. */
class PalisadeConfigTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - {name: a, image: "nginx:stable"}
                - {name: b, image: "redis"}
            """;

    @TempDir
    Path dir;

    private Cli.Outcome lint(String config, String... extra) throws Exception {
        Path file = Files.writeString(dir.resolve("palisade.yaml"), config);
        String[] args = new String[extra.length + 4];
        args[0] = "lint";
        args[1] = "-c";
        args[2] = file.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        args[args.length - 1] = "-";
        return Cli.runWithStdin(POD, args);
    }

    @Test
    void withoutConfigLatestTagReportsTheUntaggedImageOnly() throws Exception {
        Cli.Outcome outcome = lint("{}\n", "--check", "latest-tag");
        assertThat(outcome.out()).contains("medium latest-tag Pod/p: container \"b\"").doesNotContain("container \"a\"");
    }

    @Test
    void aCheckCanBeDisabled() throws Exception {
        Cli.Outcome outcome = lint("checks:\n  latest-tag: {enabled: false}\n");
        assertThat(outcome.out()).doesNotContain("latest-tag");
        assertThat(lint("checks:\n  latest-tag: {enabled: false}\n", "--check", "latest-tag").err())
                .contains("--check latest-tag: no such enabled check");
    }

    @Test
    void severityOverrideChangesTheFindingAndTheExitCode() throws Exception {
        Cli.Outcome outcome = lint("checks:\n  latest-tag: {severity: critical}\n", "--check", "latest-tag");
        assertThat(outcome.out()).contains("critical latest-tag Pod/p");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void paramsOverrideReplacesTheTemplateParameter() throws Exception {
        Cli.Outcome outcome = lint("checks:\n  latest-tag:\n    params: {disallowedTags: [latest, stable]}\n", "--check", "latest-tag");
        assertThat(outcome.out()).contains("container \"a\" uses image \"nginx:stable\" with the floating tag :stable")
                .contains("container \"b\"");
    }

    @Test
    void customCheckReusesATemplate() throws Exception {
        Cli.Outcome outcome = lint("""
                customChecks:
                  - id: stable-tag
                    category: best-practice
                    severity: high
                    description: The stable tag floats.
                    remediation: Pin a version.
                    template: image-tag
                    params: {disallowedTags: [stable]}
                """, "--check", "stable-tag");
        assertThat(outcome.out()).contains("high stable-tag Pod/p: container \"a\"");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void rulesFoldersAreReadRelativeToTheConfigFile() throws Exception {
        Files.createDirectories(dir.resolve("team-rules/images"));
        Files.writeString(dir.resolve("team-rules/images/redis-tag.yaml"), """
                id: redis-untagged
                category: best-practice
                severity: low
                description: Untagged images, reported as low for the team dashboard.
                remediation: Tag it.
                template: image-tag
                """);
        Cli.Outcome outcome = lint("rules: [team-rules]\n", "--check", "redis-untagged");
        assertThat(outcome.out()).contains("low redis-untagged Pod/p: container \"b\"");
    }

    @Test
    void excludesSkipFilesFoundInFoldersAtAnyDepth() throws Exception {
        Files.createDirectories(dir.resolve("deploy/vendor/chart"));
        Files.writeString(dir.resolve("deploy/app.yaml"), POD.replace("name: p", "name: mine"));
        Files.writeString(dir.resolve("deploy/vendor/chart/x.yaml"), POD.replace("name: p", "name: theirs"));
        Files.writeString(dir.resolve("deploy/generated.json"), "{ broken");
        Path config = Files.writeString(dir.resolve("c.yaml"), "exclude: [\"vendor/**\", \"*.json\"]\n");
        Cli.Outcome outcome = Cli.run("lint", "-c", config.toString(), "--check", "latest-tag", dir.resolve("deploy").toString());
        assertThat(outcome.out()).contains("Pod/mine").doesNotContain("Pod/theirs").doesNotContain("generated.json");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void profileComesFromTheConfig() throws Exception {
        // latest-tag belongs to no Pod Security profile, so the restricted profile does not run it.
        assertThat(lint("profile: restricted\n").out()).doesNotContain("latest-tag");
        assertThat(lint("profile: restricted\n", "--profile", "all").out()).contains("latest-tag");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top-level key   | failOnn: high                                              | unknown setting \"failOnn\"",
            "unknown check id        | 'checks: {latest-tags: {enabled: false}}'                  | checks.latest-tags names no known check",
            "unknown check setting   | 'checks: {latest-tag: {level: high}}'                      | checks.latest-tag: unknown setting \"level\" (known: enabled, severity, params)",
            "bad severity            | 'checks: {latest-tag: {severity: urgent}}'                 | unknown severity \"urgent\"",
            "unknown param           | 'checks: {latest-tag: {params: {allowedTags: [v1]}}}'      | check latest-tag: unknown template parameter \"allowedTags\"",
            "param of wrong type     | 'checks: {latest-tag: {params: {disallowedTags: latest}}}' | template parameter \"disallowedTags\" must be a list of strings",
            "unknown template        | 'customChecks: [{id: x, category: c, severity: low, description: d, remediation: r, template: no-such}]' | check x: unknown template \"no-such\"",
            "unknown custom field    | 'customChecks: [{id: x, category: c, severity: low, description: d, remediation: r, template: image-tag, sevrity: low}]' | unknown field \"sevrity\" in a check",
            "custom id taken         | 'customChecks: [{id: latest-tag, category: c, severity: low, description: d, remediation: r, template: image-tag}]' | check id latest-tag is already defined",
            "missing rules folder    | 'rules: [nowhere]'                                         | does not exist",
            "exclude not strings     | 'exclude: {a: b}'                                          | exclude must be a list of strings",
            "bad failOn              | 'failOn: sometimes'                                        | unknown severity \"sometimes\"",
            "bad profile             | 'profile: paranoid'                                        | unknown profile \"paranoid\"",
            "not a mapping           | '[a, b]'                                                   | must be a mapping",
            "invalid YAML            | 'checks: {latest-tag: [}'                                  | palisade.yaml:1: invalid YAML",
    })
    void wrongSettingsExitTwoWithAClearMessageAndNoStackTrace(String name, String config, String message) throws Exception {
        Cli.Outcome outcome = lint(config + "\n");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("palisade: ").contains(message).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(outcome.err().lines().count()).isEqualTo(1);
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void excludedMatchesThePathOrAnyTrailingPartOfIt() {
        PalisadeConfig config = PalisadeConfig.parse("c.yaml", "exclude: [\"vendor/**\", \"*.test.yaml\", \"./generated/*.yaml\"]\n");
        assertThat(config.excluded(Path.of("vendor/a.yaml"))).isTrue();
        assertThat(config.excluded(Path.of("./deploy/vendor/sub/a.yaml"))).isTrue();
        assertThat(config.excluded(Path.of("deploy/x.test.yaml"))).isTrue();
        assertThat(config.excluded(Path.of("generated/a.yaml"))).as("./ is normalised away on both sides").isTrue();
        assertThat(config.excluded(Path.of("./generated/a.yaml"))).isTrue();
        assertThat(config.excluded(Path.of("deploy/vendored.yaml"))).isFalse();
        assertThat(config.excluded(Path.of("deploy/app.yaml"))).isFalse();
    }
}
