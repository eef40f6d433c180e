package dev.palisade.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.report.LintRun;
import dev.palisade.source.ManifestLoader;
import dev.palisade.source.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exemptions by annotation, check selection and the exit code of a run. */
class LinterTest {
    private static final Linter LATEST_TAG = new Linter(PalisadeConfig.empty(), null, null).only(List.of("latest-tag"));

    private static LintRun lint(String yaml) {
        return LATEST_TAG.lint(new ManifestLoader().loadText("t.yaml", yaml));
    }

    private static String deployment(String name, String annotations, String podAnnotations) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  annotations: {%s}
                spec:
                  template:
                    metadata:
                      annotations: {%s}
                    spec:
                      containers: [{name: app, image: "nginx:latest"}]
                """.formatted(name, annotations, podAnnotations);
    }

    @Test
    void anExemptionWithAReasonMovesTheFindingToExemptedWithItsReason() {
        LintRun run = lint(deployment("d", "ignore-check.palisade.dev/latest-tag: 'pinned by the operator'", ""));
        assertThat(run.findings()).isEmpty();
        assertThat(run.exempted()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("latest-tag");
            assertThat(f.exemptedBy()).isEqualTo("pinned by the operator");
            assertThat(f.line()).isEqualTo(11);
        });
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void anExemptionOnThePodTemplateCountsToo() {
        LintRun run = lint(deployment("d", "", "ignore-check.palisade.dev/latest-tag: 'image is rebuilt nightly on purpose'"));
        assertThat(run.findings()).isEmpty();
        assertThat(run.exempted()).hasSize(1);
    }

    @Test
    void anExemptionWithoutAReasonDoesNotApplyAndSaysSo() {
        for (String empty : List.of("''", "'   '")) {
            LintRun run = lint(deployment("d", "ignore-check.palisade.dev/latest-tag: " + empty, ""));
            assertThat(run.exempted()).isEmpty();
            assertThat(run.findings()).singleElement().satisfies(f -> assertThat(f.message())
                    .endsWith("(the exemption annotation ignore-check.palisade.dev/latest-tag is ignored: it gives no reason)"));
        }
    }

    @Test
    void anExemptionOfAnotherCheckExemptsNothing() {
        LintRun run = lint(deployment("d", "ignore-check.palisade.dev/run-as-non-root: 'legacy'", ""));
        assertThat(run.findings()).hasSize(1);
        assertThat(run.exempted()).isEmpty();
    }

    @Test
    void onlyRejectsIdsThatAreNotEnabledChecks() {
        assertThatThrownBy(() -> new Linter(PalisadeConfig.empty(), null, null).only(List.of("latest-tag", "nope", "zzz")))
                .isInstanceOf(CatalogueException.class)
                .hasMessage("--check nope, zzz: no such enabled check in this profile (see `palisade checks list`)");
        assertThat(LATEST_TAG.checks()).extracting(c -> c.id()).containsExactly("latest-tag");
    }

    @Test
    void exitCodeIsTwoForInputErrorsOrFailedChecksWhateverTheFindings() {
        ObjectRef pod = new ObjectRef("v1", "Pod", "", "p");
        Finding low = new Finding("c", "cat", Severity.LOW, pod, "", "f.yaml", 1, "m", "r", "", null);
        Finding high = new Finding("c", "cat", Severity.HIGH, pod, "", "f.yaml", 2, "m", "r", "", null);
        assertThat(new LintRun(List.of(low), List.of(), List.of(), List.of(), 1, List.of(), Severity.HIGH).exitCode()).isZero();
        assertThat(new LintRun(List.of(low, high), List.of(), List.of(), List.of(), 1, List.of(), Severity.HIGH).exitCode()).isEqualTo(1);
        assertThat(new LintRun(List.of(low), List.of(), List.of(), List.of(), 1, List.of(), Severity.LOW).exitCode()).isEqualTo(1);
        Engine.CheckFailure failure = new Engine.CheckFailure("c", pod, "f.yaml", 1, "NullPointerException");
        assertThat(new LintRun(List.of(), List.of(), List.of(), List.of(failure), 1, List.of(), Severity.HIGH).exitCode()).isEqualTo(2);
        assertThat(new LintRun(List.of(), List.of(), List.of(new dev.palisade.source.InputError("x", 1, "bad")), List.of(), 0,
                List.of(), Severity.HIGH).exitCode()).isEqualTo(2);
    }
}
