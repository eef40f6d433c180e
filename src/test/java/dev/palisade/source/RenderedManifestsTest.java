package dev.palisade.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code helm template} and {@code kustomize build} print is linted as it is. The fixtures are written in the
 * exact shape those tools print: Helm's leading {@code ---}, {@code # Source:} comments, a template that rendered to
 * nothing, {@code {}} placeholders, block scalars and a trailing {@code ---}; kustomize's sorted keys, resources
 * ordered by kind, hashed ConfigMap names and unindented sequences.
 */
class RenderedManifestsTest {
    private static final Path HELM = Path.of("src/test/resources/inputs/rendered/helm-template.yaml");
    private static final Path KUSTOMIZE = Path.of("src/test/resources/inputs/rendered/kustomize-build.yaml");

    @Test
    void helmTemplateOutputLoadsWithoutErrorsAndKeepsLines() throws Exception {
        var result = new ManifestLoader().loadText(HELM.toString(), Files.readString(HELM));
        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).extracting(KubeObject::kind)
                .containsExactly("ServiceAccount", "ConfigMap", "Service", "Deployment", "Pod");
        KubeObject test = result.objects().get(4);
        assertThat(test.name()).isEqualTo("release-name-shop-test-connection");
        assertThat(test.annotations()).containsEntry("helm.sh/hook", "test");
        assertThat(test.line()).as("the object starts at apiVersion, after the # Source: comment").isEqualTo(117);
        assertThat(test.lineOf("spec.containers[0].image")).isEqualTo(132);
        assertThat(result.objects().get(1).at("data").path("nginx.conf").asText()).contains("listen 8080;");
    }

    @Test
    void kustomizeBuildOutputLoadsWithoutErrorsAndKeepsLines() throws Exception {
        var result = new ManifestLoader().loadText(KUSTOMIZE.toString(), Files.readString(KUSTOMIZE));
        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).extracting(KubeObject::kind)
                .containsExactly("Namespace", "ServiceAccount", "ConfigMap", "Service", "Deployment", "CronJob");
        KubeObject deployment = result.objects().get(4);
        assertThat(deployment.namespace()).isEqualTo("checkout-staging");
        assertThat(deployment.lineOf("spec.template.spec.containers[0].image")).isEqualTo(74);
        assertThat(deployment.lineOf("spec.template.spec.containers[0].envFrom[0].configMapRef.name")).isEqualTo(73);
    }

    @Test
    void bothLintAsTheyAreFromFilesAndFromStdin() throws Exception {
        Cli.Outcome files = Cli.run("lint", "--check", "latest-tag", "--fail-on", "medium", HELM.toString(), KUSTOMIZE.toString());
        assertThat(files.exitCode()).isEqualTo(1);
        assertThat(files.out().lines().toList()).containsExactly(
                HELM + ":132: medium latest-tag Pod/release-name-shop-test-connection: container \"wget\" uses image"
                        + " \"busybox\" without a tag, which means :latest",
                KUSTOMIZE + ":74: medium latest-tag Deployment/checkout-staging/staging-checkout: container \"checkout\""
                        + " uses image \"registry.example.com/shop/checkout:latest\" with the floating tag :latest",
                "11 objects, 2 findings (2 medium); 2 at or above medium");
        // `helm template . | palisade lint -`: the same findings, the file named "-".
        Cli.Outcome piped = Cli.runWithStdin(Files.readString(HELM), "lint", "--check", "latest-tag", "-");
        assertThat(piped.out()).startsWith("-:132: medium latest-tag Pod/release-name-shop-test-connection");
        assertThat(piped.exitCode()).isZero();
    }

    @Test
    void anUnclosedBracketAtTheEndIsReportedAtTheLastLineOfTheFile() {
        var result = new ManifestLoader().loadText("cut.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n\n\n");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.message()).contains("flow sequence");
        });
    }

    @Test
    void aFolderWalkSkipsHiddenFilesAndFoldersButANamedHiddenFileIsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".github/workflows"));
        Files.writeString(dir.resolve(".github/workflows/ci.yml"), "on: push\njobs: {}\n");
        Files.writeString(dir.resolve(".palisade.yaml"), "failOn: high\n");
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
        var walked = new ManifestLoader().load(List.of(dir.toString()), java.io.InputStream.nullInputStream(), p -> false);
        assertThat(walked.errors()).isEmpty();
        assertThat(walked.objects()).extracting(KubeObject::name).containsExactly("p");
        var named = new ManifestLoader().load(List.of(dir.resolve(".github/workflows/ci.yml").toString()),
                java.io.InputStream.nullInputStream(), p -> false);
        assertThat(named.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("missing \"kind\""));
    }
}
