package dev.palisade.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Palisade's YAML loader against the converter kubectl uses, document by document: test-tools/kubectl-yaml splits each
 * file with kubectl's document reader and converts each document with sigs.k8s.io/yaml (go-yaml v2's YAML 1.1 rules),
 * as {@code kubectl apply -f} does. The corpus is src/test/resources/kubectl-yaml (merge keys, anchors, YAML 1.1
 * booleans, numbers, nulls, tags, keys, duplicates, separators, block scalars, nested where the checks read) plus every
 * YAML file the project ships as an example or test input. Every document must give the same JSON value, or be refused
 * by both. A key written twice in one mapping, which kubectl keeps silently (the last wins) and go-yaml v3 (kustomize,
 * {@code kubectl apply -k}) refuses, must be refused.
 *
 * <p>The converter is built by scripts/build-kubectl-yaml (scripts/setup runs it; so does this test when it is missing).
 */
class KubectlYamlDifferentialTest {
    private static final Path TOOL = Path.of("target/test-tools/kubectl-yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> CORPUS = corpus();
    private static Map<String, JsonNode> kubectl;

    @BeforeAll
    static void convertTheCorpusWithKubectlsConverter() throws Exception {
        run(List.of("bash", "scripts/build-kubectl-yaml"));
        assertThat(TOOL).as("scripts/build-kubectl-yaml builds the reference converter").isExecutable();
        List<String> command = new ArrayList<>(List.of(TOOL.toString()));
        CORPUS.forEach(p -> command.add(p.toString()));
        kubectl = new HashMap<>();
        for (String line : run(command).split("\n")) {
            JsonNode file = JSON.readTree(line);
            kubectl.put(file.path("file").asText(), file);
        }
    }

    @Test
    void everyDocumentLoadsAsTheJsonKubectlSends() throws IOException {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Path file : CORPUS) {
            compared += compare(file, kubectl.get(file.toString()), differences);
        }
        assertThat(differences).as(differences.size() + " differences").isEmpty();
        assertThat(compared).as("documents compared").isGreaterThan(150);
    }

    @Test
    void theCorpusHoldsDocumentsKubectlRefusesAndDuplicateKeys() {
        List<JsonNode> documents = kubectl.values().stream().flatMap(f -> stream(f.path("documents"))).toList();
        assertThat(documents).filteredOn(d -> d.has("error")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(documents).filteredOn(d -> d.has("duplicateKey")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(kubectl.values()).filteredOn(f -> f.has("error")).isNotEmpty();
    }

    /** Compares one file; returns how many documents were compared. */
    private static int compare(Path file, JsonNode reference, List<String> differences) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<Object> palisade = new ArrayList<>(); // TreeBuilder.Document or InputException, JSON null left out
        boolean separatorRefused = false;
        for (YamlReader.Chunk chunk : YamlReader.split(text)) {
            if (chunk.separatorError() != null) {
                separatorRefused = true;
                break; // kubectl stops reading the file here
            }
            try {
                TreeBuilder.Document document = new YamlReader(LoadLimits.DEFAULT).readChunk(chunk);
                if (document != null && !document.root().isNull()) {
                    palisade.add(document);
                }
            } catch (InputException e) {
                palisade.add(e);
            }
        }
        List<JsonNode> expected = stream(reference.path("documents")).filter(d -> d.has("error") || !d.path("json").isNull()).toList();
        if (reference.has("error") != separatorRefused) {
            differences.add(file + ": kubectl " + (reference.has("error") ? "stops at: " + reference.path("error").asText()
                    : "reads the whole file") + "; Palisade " + (separatorRefused ? "refuses a separator" : "reads it all"));
        }
        if (separatorRefused && palisade.size() == expected.size() + 1) {
            palisade.remove(palisade.size() - 1); // kubectl drops the document before a refused separator
        }
        if (palisade.size() != expected.size()) {
            differences.add(file + ": kubectl gives " + expected.size() + " documents, Palisade " + palisade.size());
            return 0;
        }
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            Object got = palisade.get(i);
            String where = file + " document " + (i + 1) + (got instanceof TreeBuilder.Document d ? " (line " + d.line() + ")"
                    : got instanceof InputException e ? " (line " + e.line + ")" : "");
            if (want.has("error")) {
                if (!(got instanceof InputException)) {
                    differences.add(where + ": kubectl refuses it (" + want.path("error").asText() + "), Palisade reads "
                            + ((TreeBuilder.Document) got).root());
                }
            } else if (want.has("duplicateKey")) {
                if (!(got instanceof InputException e) || !e.getMessage().contains("duplicate key")) {
                    differences.add(where + ": a key written twice (" + want.path("duplicateKey").asText().replace('\n', ' ')
                            + ") must be refused, Palisade gives " + describe(got));
                }
            } else if (!(got instanceof TreeBuilder.Document document)) {
                differences.add(where + ": kubectl sends " + want.path("json") + ", Palisade refuses it: " + describe(got));
            } else if (!document.root().equals(SAME_JSON_VALUE, want.path("json"))) {
                differences.add(where + ": kubectl sends " + want.path("json") + ", Palisade reads " + document.root());
            }
        }
        return expected.size();
    }

    /** JSON equality, numbers by value: an integer equals an integer, a float a float of the same double. */
    private static final Comparator<JsonNode> SAME_JSON_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() != b.isIntegralNumber()) {
                return 1;
            }
            return a.isIntegralNumber() ? a.bigIntegerValue().compareTo(b.bigIntegerValue()) : Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static String describe(Object got) {
        return got instanceof InputException e ? "the error \"" + e.getMessage() + "\"" : String.valueOf(((TreeBuilder.Document) got).root());
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static List<Path> corpus() {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("src/test/resources/kubectl-yaml", "examples", "src/test/resources/examples",
                "src/test/resources/inputs", "charts")) {
            try (Stream<Path> walk = Files.walk(Path.of(root))) {
                walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .filter(p -> !p.toString().contains("/templates/")) // Helm templates are not YAML until rendered
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(command.get(0) + " finishes").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command.subList(0, Math.min(2, command.size())))).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
