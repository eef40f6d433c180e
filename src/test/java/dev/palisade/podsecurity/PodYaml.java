package dev.palisade.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.util.List;

/** Test fixtures: a Pod from the text of its spec, and assertions on the findings of one check. */
final class PodYaml {
    private PodYaml() {}

    /** A Pod named "p" whose spec is the given YAML (indented by two spaces under {@code spec:}). */
    static String pod(String spec) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n" + spec.stripTrailing().indent(2);
    }

    /** A Pod with annotations on its metadata. */
    static String annotatedPod(String annotations, String spec) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n" + annotations.stripTrailing().indent(4)
                + "spec:\n" + spec.stripTrailing().indent(2);
    }

    /** The findings of one check, with the paths they point at. */
    static List<Finding> findings(String check, String yaml) {
        return Lint.check(check, yaml);
    }

    static List<String> paths(String check, String yaml) {
        return findings(check, yaml).stream().map(Finding::path).toList();
    }

    static void assertPasses(String check, String yaml) {
        assertThat(findings(check, yaml)).as(check + " on\n" + yaml).isEmpty();
    }

    /** Exactly one finding, at {@code path}, whose message mentions every fragment. */
    static Finding assertSingle(String check, String yaml, String path, String... fragments) {
        List<Finding> found = findings(check, yaml);
        assertThat(found).as(check + " on\n" + yaml).hasSize(1);
        Finding finding = found.get(0);
        assertThat(finding.path()).isEqualTo(path);
        for (String fragment : fragments) {
            assertThat(finding.message()).contains(fragment);
        }
        assertThat(finding.line()).as("finding has a line").isPositive();
        return finding;
    }
}
