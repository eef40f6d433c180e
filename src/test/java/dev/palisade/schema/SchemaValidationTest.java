package dev.palisade.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.Cli;
import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema validation against the bundled Kubernetes schemas and against CustomResourceDefinitions. */
class SchemaValidationTest {

    private static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            size: {type: integer}
            """;

    private static final String WIDGET = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, namespace: shop}
            spec:
              size: 3
              colour: red
            """;

    @Test
    void theBundleHoldsTheShippedReleaseWithItsEnums() {
        SchemaBundle bundle = SchemaBundle.builtIn();
        assertThat(bundle.release()).isEqualTo("1.37.2");
        assertThat(bundle.definitionOf("apps/v1", "Deployment")).isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(bundle.definitionOf("extensions/v1beta1", "Ingress")).isNull();
        assertThat(bundle.schema("io.k8s.api.core.v1.Container").path("p").path("imagePullPolicy").path("e"))
                .as("enum values come from the Go types of k8s.io/api").hasSize(3);
    }

    @Test
    void eachProblemPointsAtItsFieldAndLine() throws IOException {
        List<Finding> findings = Lint.check("schema-validation",
                Files.readString(Path.of("src/test/resources/examples/schema-validation/fail.yaml")));
        assertThat(findings).extracting(f -> f.path() + " " + f.line()).containsExactly(
                "spec.replicas 6",
                "spec.template.spec.containers[0].imagePullPolicy 14",
                "spec.template.spec.containers[0].securityContext.runAsNonroot 16");
        assertThat(findings.get(2).message()).endsWith("unknown field \"runAsNonroot\" (did you mean \"runAsNonRoot\"?)");
    }

    @Test
    void aKindTheReleaseDoesNotServeIsReportedOnceForTheWholeInput() {
        String three = """
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: a}
                ---
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: b}
                ---
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: c}
                """;
        assertThat(Lint.check("schema-validation", three)).singleElement().satisfies(f -> {
            assertThat(f.object().name()).isEqualTo("a");
            assertThat(f.path()).isEqualTo("kind");
            assertThat(f.message()).contains("(3 objects of the input; reported once)");
        });
    }

    @Test
    void aRemovedVersionIsReportedByTheDeprecationCheckAlone() {
        String ingress = """
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: shop, namespace: shop}
                spec: {backend: {serviceName: web, servicePort: 80}}
                """;
        assertThat(Lint.check("schema-validation", ingress)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("serves no Ingress in extensions/v1beta1; it serves networking.k8s.io/v1"));
        assertThat(Lint.profile("all", ingress)).extracting(Finding::check)
                .contains("deprecated-api-version").doesNotContain("schema-validation");
    }

    @Test
    void aCustomResourceIsValidatedAgainstItsDefinitionInTheInput() {
        List<Finding> findings = Lint.check("schema-validation", WIDGET_CRD + "---\n" + WIDGET);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("spec.colour");
            assertThat(f.line()).isEqualTo(26);
        });
    }

    @Test
    void aCustomResourceIsValidatedAgainstADefinitionFromACrdFolder(@TempDir Path folder) throws IOException {
        Path crds = Files.createDirectories(folder.resolve("crds"));
        Files.writeString(crds.resolve("widget.yaml"), WIDGET_CRD);
        Path input = Files.writeString(folder.resolve("widget.yaml"), WIDGET);
        String checks = "schema-validation,custom-resource-schema-missing";

        Cli.Outcome without = Cli.run("lint", "--check", checks, "--fail-on", "info", input.toString());
        assertThat(without.out()).contains("info custom-resource-schema-missing Widget/shop/w").doesNotContain("schema-validation");

        Cli.Outcome with = Cli.run("lint", "--check", checks, "--crd", crds.toString(), input.toString());
        assertThat(with.exitCode()).isEqualTo(1);
        assertThat(with.out()).contains("widget.yaml:6: high schema-validation Widget/shop/w: spec.colour: unknown field \"colour\"")
                .doesNotContain("custom-resource-schema-missing");
    }

    @Test
    void aMissingCrdFolderIsAUsageError() {
        Cli.Outcome outcome = Cli.run("lint", "--crd", "no-such-folder", "src/test/resources/examples/schema-validation/pass.yaml");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("no-such-folder: no such file or folder").startsWith("palisade: --crd ");
    }
}
