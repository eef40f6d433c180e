package dev.palisade.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lines, merge sites and refusals of the YAML loader; the values themselves are the differential test's. */
class YamlTreeConverterTest {
    private final ManifestLoader loader = new ManifestLoader();

    @Test
    void aMergedFieldHasTheLineOfItsKeyInTheAnchorAndNamesTheMergeSite() {
        KubeObject pod = single("""
                x-sc: &sc
                  privileged: true
                  capabilities: {add: [SYS_ADMIN]}
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      securityContext:
                        runAsUser: 1000
                        <<: *sc
                """);
        assertThat(pod.lineOf("spec.containers[0].securityContext.privileged")).isEqualTo(2);
        assertThat(pod.lineOf("spec.containers[0].securityContext.capabilities.add[0]")).isEqualTo(3);
        assertThat(pod.reuseNote("spec.containers[0].securityContext.capabilities.add[0]")).isEqualTo("merged by the << at line 13");
        assertThat(pod.lineOf("spec.containers[0].securityContext.runAsUser")).isEqualTo(12);
        assertThat(pod.reuseNote("spec.containers[0].securityContext.runAsUser")).as("written in place").isEmpty();
        assertThat(pod.reuseNote("x-sc.privileged")).as("the anchor itself is written in place").isEmpty();
    }

    @Test
    void anAliasedSecurityContextNamesTheAliasSite() {
        KubeObject pod = single("""
                x-sc: &restricted {runAsNonRoot: true}
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      securityContext: *restricted
                """);
        assertThat(pod.lineOf("spec.containers[0].securityContext")).isEqualTo(9);
        assertThat(pod.lineOf("spec.containers[0].securityContext.runAsNonRoot")).isEqualTo(1);
        assertThat(pod.reuseNote("spec.containers[0].securityContext.runAsNonRoot")).isEqualTo("through the alias *restricted at line 9");
    }

    @Test
    void aFieldWrittenAfterAMergeReplacesTheMergedOneWithItsOwnLines() {
        KubeObject pod = single("""
                base: &base
                  securityContext:
                    privileged: true
                    capabilities: {add: [NET_ADMIN]}
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  <<: *base
                  securityContext:
                    runAsUser: 1000
                """);
        assertThat(pod.at("spec.securityContext").toString()).isEqualTo("{\"runAsUser\":1000}");
        assertThat(pod.lineOf("spec.securityContext")).isEqualTo(10);
        assertThat(pod.reuseNote("spec.securityContext.runAsUser")).isEmpty();
        assertThat(pod.lineOf("spec.securityContext.privileged")).as("gone: the nearest present ancestor").isEqualTo(10);
        assertThat(pod.lineOf("spec.securityContext.capabilities.add[0]")).isEqualTo(10);
    }

    @Test
    void aListItemReadsLikeItsOwnDocumentWithItsMergeSites() {
        var result = loader.loadText("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: a}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: b}
                    spec:
                      <<: {hostNetwork: true}
                """);
        assertThat(result.errors()).isEmpty();
        KubeObject b = result.objects().get(1);
        assertThat(b.lineOf("spec.hostNetwork")).isEqualTo(11);
        assertThat(b.reuseNote("spec.hostNetwork")).isEqualTo("merged by the << at line 11");
        assertThat(result.objects().get(0).reuseNote("spec.hostNetwork")).isEmpty();
    }

    @Test
    void refusalsNameTheLineAndWhatKubectlDoes() {
        assertThat(error("a: &a {b: *a}\napiVersion: v1\nkind: Pod\n"))
                .isEqualTo("x.yaml:1: the anchor &a contains an alias of itself: kubectl refuses this document");
        assertThat(error("apiVersion: v1\nkind: Pod\nspec:\n  <<: [{hostNetwork: true}, 1]\n"))
                .isEqualTo("x.yaml:4: a merge key (<<) takes a mapping, an alias of one, or a list of those: kubectl refuses this document");
        assertThat(error("apiVersion: v1\nkind: ConfigMap\ndata:\n  ratio: .nan\n"))
                .startsWith("x.yaml:4: the value .nan is NaN, which JSON cannot carry: kubectl refuses this document");
        assertThat(error("apiVersion: v1\nkind: ConfigMap\ndata:\n  ~: x\n"))
                .isEqualTo("x.yaml:4: a mapping key is null (~): kubectl refuses it; quote the key if it is a name");
        assertThat(error("apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: !!bool 1\n"))
                .isEqualTo("x.yaml:4: cannot read `1` as !!bool: kubectl refuses this document");
        assertThat(error("apiVersion: v1\nkind: ConfigMap\ndata:\n  on: a\n  yes: b\n"))
                .as("two spellings of one JSON key").startsWith("x.yaml:5: duplicate key \"true\" (first at line 4)");
    }

    @Test
    void aSeparatorKubectlRefusesIsReportedAndTheNextDocumentIsStillRead() {
        var result = loader.loadText("s.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: a}
                --- {apiVersion: v1, kind: Pod, metadata: {name: hidden}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: b}
                ...
                apiVersion: v1
                kind: Pod
                metadata: {name: after-the-end-marker}
                """);
        assertThat(result.objects()).extracting(KubeObject::name).containsExactly("a", "b");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.message()).startsWith("invalid document separator \"--- {apiVersion");
        });
    }

    @Test
    void palisadesOwnFilesKeepYaml12Words() {
        var config = YamlText.parse("c.yaml", "checks: {b: enforce, c: off, d: no}\nport: 0644\nflag: true\n");
        assertThat(config.path("checks").path("c").asText()).isEqualTo("off");
        assertThat(config.path("checks").path("d").isTextual()).isTrue();
        assertThat(config.path("port").asInt()).isEqualTo(644);
        assertThat(config.path("flag").isBoolean()).isTrue();
    }

    private KubeObject single(String yaml) {
        var result = loader.loadText("x.yaml", yaml);
        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).hasSize(1);
        return result.objects().get(0);
    }

    private String error(String yaml) {
        var result = loader.loadText("x.yaml", yaml);
        assertThat(result.objects()).isEmpty();
        assertThat(result.errors()).hasSize(1);
        return result.errors().get(0).toString();
    }
}
