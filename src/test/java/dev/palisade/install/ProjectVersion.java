package dev.palisade.install;

import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The project's version: the one {@code <version>} of pom.xml that is the project's own (not its parent's). */
final class ProjectVersion {
    private ProjectVersion() {}

    static String fromPom() {
        try {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(Command.PROJECT.resolve("pom.xml").toFile()).getDocumentElement();
            for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && element.getTagName().equals("version")) {
                    return element.getTextContent().trim();
                }
            }
            throw new AssertionError("pom.xml has no project version");
        } catch (Exception e) {
            throw new AssertionError("cannot read pom.xml: " + e.getMessage(), e);
        }
    }
}
