package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The version Palisade names (--version, SARIF's semanticVersion) is pom.xml's, not a copy that can fall behind. */
class ToolVersionTest {
    @Test
    void versionIsThePomsProjectVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()).getDocumentElement();
        String pomVersion = null;
        for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals("version")) {
                pomVersion = element.getTextContent().trim();
            }
        }
        assertThat(pomVersion).as("pom.xml's own <version>").isNotBlank();
        assertThat(Tool.VERSION).isEqualTo(pomVersion);
        assertThat(Tool.VERSION).as("filtered, not the placeholder").doesNotContain("@");
    }
}
