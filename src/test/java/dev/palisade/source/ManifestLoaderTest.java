package dev.palisade.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {
    private final ManifestLoader loader = new ManifestLoader();

    @Test
    void multiDocumentYamlKeepsEveryObjectAndItsLines() {
        var result = loader.loadText("a.yaml", """
                # leading comment
                apiVersion: v1
                kind: Pod
                metadata:
                  name: one
                spec:
                  containers:
                    - name: app
                      image: nginx:1.25
                ---
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: two
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).extracting(KubeObject::name).containsExactly("one", "two");
        KubeObject one = result.objects().get(0);
        assertThat(one.line()).isEqualTo(2);
        assertThat(one.lineOf("spec.containers[0].image")).isEqualTo(9);
        assertThat(one.lineOf("spec.containers[0]")).isEqualTo(8);
        assertThat(one.lineOf("spec.containers[0].securityContext.privileged")).as("missing field: nearest ancestor").isEqualTo(8);
        assertThat(result.objects().get(1).lineOf("metadata.name")).isEqualTo(15);
    }

    @Test
    void listsAndTypedListsAreFlattenedWithLinesOfTheItems() {
        var result = loader.loadText("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: a}
                - apiVersion: v1
                  kind: PodList
                  items:
                  - apiVersion: v1
                    kind: Pod
                    metadata:
                      name: b
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).extracting(KubeObject::name).containsExactly("a", "b");
        assertThat(result.objects().get(0).line()).isEqualTo(4);
        assertThat(result.objects().get(1).lineOf("metadata.name")).isEqualTo(13);
    }

    @Test
    void jsonIsReadWithLines() {
        var result = loader.loadText("pod.json", """
                {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {"name": "j", "annotations": {"a.b/c": "x"}},
                  "spec": {
                    "containers": [
                      {"name": "c", "image": "nginx"}
                    ]
                  }
                }
                """);
        assertThat(result.errors()).isEmpty();
        KubeObject pod = result.objects().get(0);
        assertThat(pod.lineOf("spec.containers[0].image")).isEqualTo(7);
        assertThat(pod.annotations()).containsEntry("a.b/c", "x");
        assertThat(pod.lineOf("metadata.annotations['a.b/c']")).isEqualTo(4);
    }

    @Test
    void brokenDocumentIsReportedWithLineAndTheNextDocumentIsStillRead() {
        var result = loader.loadText("broken.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: ok
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: [unclosed
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: after
                """);
        assertThat(result.objects()).extracting(KubeObject::name).containsExactly("ok", "after");
        assertThat(result.errors()).hasSize(1);
        InputError error = result.errors().get(0);
        assertThat(error.file()).isEqualTo("broken.yaml");
        assertThat(error.line()).isBetween(9, 11);
        assertThat(error.message()).startsWith("invalid YAML");
    }

    @Test
    void documentsThatAreNotObjectsAreErrors() {
        var result = loader.loadText("x.yaml", """
                just a string
                ---
                metadata:
                  name: no-kind
                ---
                kind: Pod
                metadata: {name: no-version}
                """);
        assertThat(result.objects()).isEmpty();
        assertThat(result.errors()).extracting(InputError::message).containsExactly(
                "not a Kubernetes object: the document is a plain value, expected a mapping with apiVersion and kind",
                "not a Kubernetes object: missing \"kind\"",
                "not a Kubernetes object: Pod has no \"apiVersion\"");
        assertThat(result.errors()).extracting(InputError::line).containsExactly(1, 3, 6);
    }

    @Test
    void duplicateKeysAreErrors() {
        var result = loader.loadText("dup.yaml", "apiVersion: v1\nkind: Pod\nkind: Service\n");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("duplicate key");
        });
    }

    @Test
    void aliasBombIsRefusedNotExpanded() {
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n");
        bomb.append("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        var result = loader.loadText("bomb.yaml", bomb.toString());
        assertThat(result.objects()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("refused"));
    }

    @Test
    void aliasExpansionBeyondTheNodeBudgetIsRefused() {
        // Few aliases, each doubling: stays under the alias count but would expand to 2^30 values.
        StringBuilder doubling = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nd0: &d0 [x, x]\n");
        for (int i = 1; i <= 30; i++) {
            doubling.append("d").append(i).append(": &d").append(i).append(" [*d").append(i - 1).append(", *d").append(i - 1).append("]\n");
        }
        var result = new ManifestLoader(new LoadLimits(1 << 20, 200, 100_000, 100)).loadText("d.yaml", doubling.toString());
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("expands to more than 100000"));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "apiVersion: v1\nkind: ConfigMap\ndata: " + "[".repeat(500) + "]".repeat(500) + "\n";
        var yaml = loader.loadText("deep.yaml", deep);
        assertThat(yaml.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("nested").contains("refused"));
        String deepJson = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":" + "[".repeat(500) + "]".repeat(500) + "}";
        var json = loader.loadText("deep.json", deepJson);
        assertThat(json.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("nested").contains("refused"));
    }

    @Test
    void hugeInputIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, "a: " + "x".repeat(2048) + "\n");
        var small = new ManifestLoader(new LoadLimits(1024, 200, 1000, 10));
        var result = small.load(List.of(huge.toString()), java.io.InputStream.nullInputStream(), p -> false);
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("refused"));
        var stdin = small.load(List.of("-"), new ByteArrayInputStream(new byte[4096]), p -> false);
        assertThat(stdin.errors()).singleElement().satisfies(e -> assertThat(e.file()).isEqualTo("-"));
    }

    @Test
    void foldersAreWalkedRecursivelyForManifestsAndMissingPathsAreErrors(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n");
        Files.writeString(dir.resolve("sub/b.yml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n");
        Files.writeString(dir.resolve("sub/deeper/c.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"c\"}}");
        Files.writeString(dir.resolve("sub/notes.txt"), "not a manifest: [");
        Files.writeString(dir.resolve("sub/broken.yaml"), "kind: [\n");
        var result = loader.load(List.of(dir.toString(), dir.resolve("missing.yaml").toString()),
                java.io.InputStream.nullInputStream(), p -> false);
        assertThat(result.objects()).extracting(KubeObject::name).containsExactly("a", "b", "c");
        assertThat(result.errors()).hasSize(2);
        assertThat(result.errors().get(0).file()).endsWith("broken.yaml");
        assertThat(result.errors().get(1).message()).isEqualTo("no such file or directory");
    }

    @Test
    void stdinIsReadAsYamlOrJson() {
        var yaml = loader.load(List.of("-"), stream("apiVersion: v1\nkind: Pod\nmetadata: {name: s}\n"), p -> false);
        assertThat(yaml.objects()).singleElement().satisfies(o -> assertThat(o.file()).isEqualTo("-"));
        var json = loader.load(List.of("-"), stream("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"}}"), p -> false);
        assertThat(json.objects()).extracting(KubeObject::name).containsExactly("j");
    }

    @Test
    void scalarsAreTypedAsKubernetesReadsThem() {
        KubeObject o = loader.loadText("t.yaml", """
                apiVersion: v1
                kind: ConfigMap
                data:
                  num: 42
                  b: true
                  yes11: yes
                  f: 1.5
                  s: "42"
                  nul: null
                """).objects().get(0);
        assertThat(o.at("data.num").isIntegralNumber()).isTrue();
        assertThat(o.at("data.b").isBoolean()).isTrue();
        assertThat(o.at("data.yes11").isBoolean()).as("YAML 1.1 'yes' is true, as kubectl (sigs.k8s.io/yaml) sends it").isTrue();
        assertThat(o.at("data.f").isNumber()).isTrue();
        assertThat(o.at("data.s").isTextual()).isTrue();
        assertThat(o.at("data.nul").isNull()).isTrue();
    }

    private static java.io.InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
