package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reads a single YAML (or JSON) document that is not a Kubernetes object: configuration, catalogue files. Scalars follow
 * YAML 1.2's core schema ({@link ScalarTyping#CORE}), so that a word such as {@code off} or {@code no} stays a word.
 */
public final class YamlText {
    private YamlText() {}

    /**
     * @return the document, or a missing node when the text is empty
     * @throws IllegalArgumentException with {@code file:line: problem} when it cannot be read or holds several documents
     */
    public static JsonNode parse(String file, String text) {
        YamlReader.Outcome outcome = new YamlReader(LoadLimits.DEFAULT, ScalarTyping.CORE).read(text);
        if (!outcome.errors().isEmpty()) {
            InputException e = outcome.errors().get(0);
            throw new IllegalArgumentException(new InputError(file, e.line, e.getMessage()).toString());
        }
        if (outcome.documents().size() > 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + outcome.documents().size());
        }
        return outcome.documents().isEmpty() ? MissingNode.getInstance() : outcome.documents().get(0).root();
    }
}
