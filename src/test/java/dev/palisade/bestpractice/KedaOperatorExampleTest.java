package dev.palisade.bestpractice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user's hardened operator (examples/keda-operator.yaml): of every best-practice check of the default profile,
 * exactly the :latest image and the single replica are reported, each once at its line. Its pull policy (Always with
 * :latest), resources, probes, read-only root, capabilities, read-only Secret volume and named ServiceAccount pass.
 */
class KedaOperatorExampleTest {

    @Test
    void onlyTheLatestTagAndTheSingleReplicaAreReported() throws IOException {
        List<Finding> findings = Lint.profile("all", Files.readString(Path.of("examples/keda-operator.yaml")))
                .stream().filter(f -> f.category().equals("best-practice")).toList();
        assertThat(findings).extracting(f -> f.check() + " " + f.path() + " " + f.line()).containsExactlyInAnyOrder(
                "latest-tag spec.template.spec.containers[0].image 24",
                "single-replica spec.replicas 10");
        assertThat(Lint.catalogue().selected("all").stream().filter(c -> c.definition().category().equals("best-practice")))
                .as("the default profile runs every best-practice check").hasSizeGreaterThanOrEqualTo(15);
    }
}
