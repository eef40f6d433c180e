package dev.palisade.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {
    @Test
    void buildsAndSplitsPathsWithQuotedKeys() {
        String path = FieldPath.field(FieldPath.field("metadata", "annotations"), "container.apparmor.security.beta.kubernetes.io/app");
        assertThat(path).isEqualTo("metadata.annotations['container.apparmor.security.beta.kubernetes.io/app']");
        assertThat(FieldPathSteps.split(path)).containsExactly("metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app");
        assertThat(FieldPath.parent(path)).isEqualTo("metadata.annotations");
        assertThat(FieldPathSteps.split("spec.containers[2].ports[0].hostPort")).containsExactly("spec", "containers", "[2]", "ports", "[0]", "hostPort");
        assertThat(FieldPath.parent("spec.containers[2]")).isEqualTo("spec.containers");
        assertThat(FieldPath.parent("spec.containers[2].image")).isEqualTo("spec.containers[2]");
        assertThat(FieldPath.parent("spec")).isEmpty();
    }
}
