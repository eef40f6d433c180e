package dev.palisade.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, end to end through {@code palisade lint}: a privileged, host-network pod spelled the ways kubectl accepts
 * (merge keys, YAML 1.1 booleans) gets its findings at the lines written and fails the run.
 */
class KubectlSpellingLintTest {
    private static final String DIR = "src/test/resources/inputs/kubectl-spelling/";

    @Test
    void mergeKeysGiveTheFindingsOfTheMergedFieldsAndTheMergedContainerKeepsItsName() {
        String file = DIR + "merge-keys.yaml";
        Cli.Outcome outcome = Cli.run("lint", file);
        assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(1);
        assertThat(lines(outcome)).contains(
                file + ":8: critical baseline-host-namespaces Pod/shop/merged: pod sets hostNetwork=true: it shares the"
                        + " node's network namespace (merged by the << at line 8)",
                file + ":8: critical baseline-host-namespaces Pod/shop/merged: pod sets hostPID=true: it shares the"
                        + " node's process (PID) namespace (merged by the << at line 8)",
                file + ":10: medium latest-tag Pod/shop/merged: container \"c\" uses image \"app:latest\" with the"
                        + " floating tag :latest (merged by the << at line 10)",
                file + ":11: critical baseline-privileged Pod/shop/merged: container \"c\" sets"
                        + " securityContext.privileged=true (merged by the << at line 11)",
                file + ":11: high restricted-run-as-user Pod/shop/merged: container \"c\" sets securityContext.runAsUser=0"
                        + " (root) (merged by the << at line 11)");
        assertThat(outcome.out()).doesNotContain("container \"\"");
    }

    @Test
    void yaml11BooleansAreTrueAsKubectlSendsThem() {
        String file = DIR + "yaml11-booleans.yaml";
        Cli.Outcome outcome = Cli.run("lint", file);
        assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(1);
        assertThat(lines(outcome)).contains(
                file + ":8: critical baseline-host-namespaces Pod/shop/spelled: pod sets hostNetwork=true: it shares the"
                        + " node's network namespace",
                file + ":9: critical baseline-host-namespaces Pod/shop/spelled: pod sets hostPID=true: it shares the"
                        + " node's process (PID) namespace",
                file + ":14: critical baseline-privileged Pod/shop/spelled: container \"app\" sets"
                        + " securityContext.privileged=true");
    }

    @Test
    void aFieldMergedFromAnAnchorPointsAtTheAnchorAndNamesTheMergeSite() {
        String file = DIR + "anchored-merge.yaml";
        Cli.Outcome outcome = Cli.run("lint", "--check", "baseline-privileged", "--check", "dangerous-capabilities", file);
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(lines(outcome)).containsExactly(
                file + ":3: critical baseline-privileged Deployment/shop/anchored: container \"app\" sets"
                        + " securityContext.privileged=true (merged by the << at line 22)",
                file + ":5: high dangerous-capabilities Deployment/shop/anchored: container \"app\" adds capability"
                        + " SYS_ADMIN (merged by the << at line 22)",
                "1 object, 2 findings (1 critical, 1 high); 2 at or above high");
    }

    @Test
    void aKeyWrittenTwiceFailsTheRunInsteadOfPassingOnTheLastValue() {
        Cli.Outcome outcome = Cli.runWithStdin("""
                apiVersion: v1
                kind: Pod
                metadata: {name: twice, namespace: shop}
                spec:
                  containers:
                    - name: app
                      image: registry.example.com/app:1.4.2
                      securityContext:
                        privileged: true
                        privileged: false
                """, "lint", "-");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.out()).contains("error -:10: duplicate key \"privileged\" (first at line 9)");
    }

    private static List<String> lines(Cli.Outcome outcome) {
        return outcome.out().lines().toList();
    }
}
