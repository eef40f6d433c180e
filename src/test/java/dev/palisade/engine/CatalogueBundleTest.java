package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.YamlText;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue compiled at build time reads back as the very trees the YAML files give, node types included. */
class CatalogueBundleTest {

    @Test
    void theBundleOfTheShippedRulesReadsBackAsTheirYaml() throws Exception {
        ObjectNode bundle = CatalogueBundle.of(Path.of("rules"));
        Map<String, JsonNode> read = CatalogueBundle.read(new ByteArrayInputStream(CatalogueBundle.write(bundle)));

        assertThat(read).hasSize(Catalogue.readFolder(Path.of("rules")).size());
        assertThat(read.keySet()).allMatch(name -> name.startsWith("rules/") && name.endsWith(".yaml"));
        assertThat(List.copyOf(read.keySet())).isSorted();
        read.forEach((name, tree) -> assertThat(tree).as(name).isEqualTo(bundle.get(name)));
        List<String> ids = read.entrySet().stream().map(e -> CheckDefinition.parse(e.getValue(), e.getKey()).id()).toList();
        assertThat(ids).isEqualTo(Catalogue.readFolder(Path.of("rules")).stream().map(CheckDefinition::id).toList());
    }

    @Test
    void numbersKeepTheirYamlTypes(@TempDir Path folder) throws Exception {
        String yaml = "id: x\nparams: {small: 3, big: 123456789012345678901234567890, decimal: 1.50, exponent: 1e3, word: \"7\", none: null}\n";
        Files.writeString(folder.resolve("x.yaml"), yaml);
        ObjectNode bundle = CatalogueBundle.of(folder);
        JsonNode read = CatalogueBundle.read(new ByteArrayInputStream(CatalogueBundle.write(bundle))).get("rules/x.yaml");

        JsonNode expected = YamlText.parse("rules/x.yaml", yaml);
        assertThat(read).isEqualTo(expected);
        assertThat(read.at("/params/small").isLong()).isTrue();
        assertThat(read.at("/params/big").isBigInteger()).isTrue();
        assertThat(read.at("/params/decimal").decimalValue().scale()).isEqualTo(2);
        assertThat(read.at("/params/word").isTextual()).isTrue();
        // A bundle whose number types differed would not be equal: IntNode 3 is not LongNode 3.
        assertThat(read.at("/params/small")).isNotEqualTo(com.fasterxml.jackson.databind.node.IntNode.valueOf(3));
    }
}
