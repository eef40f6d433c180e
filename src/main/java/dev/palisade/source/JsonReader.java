package dev.palisade.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON (one value, or several one after another as {@code kubectl get -o json} streams print) with lines. */
final class JsonReader {
    private final LoadLimits limits;
    private final JsonFactory factory;
    private final SharedStrings strings = new SharedStrings();

    JsonReader(LoadLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxDocumentLength(limits.maxBytes())
                        .build())
                .build();
    }

    YamlReader.Outcome read(String text) {
        List<TreeBuilder.Document> documents = new ArrayList<>();
        List<InputException> errors = new ArrayList<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                TreeBuilder tree = new TreeBuilder(limits, strings);
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode root = value(parser, token, "", tree, 0);
                documents.add(tree.document(root, line));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                message = "document is nested deeper than " + limits.maxDepth() + " levels; refused";
            } else {
                message = "invalid JSON: " + message;
            }
            errors.add(new InputException(line, message));
        } catch (InputException e) {
            errors.add(e);
        } catch (IOException e) {
            errors.add(new InputException(0, "cannot read: " + e.getMessage()));
        }
        return new YamlReader.Outcome(documents, errors);
    }

    private JsonNode value(JsonParser parser, JsonToken token, String path, TreeBuilder tree, int depth)
            throws IOException, InputException {
        tree.visit(path, parser.currentTokenLocation().getLineNr(), depth);
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = TreeBuilder.NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = tree.strings.of(parser.currentName());
                    String child = tree.field(path, key);
                    tree.lines.put(child, parser.currentTokenLocation().getLineNr());
                    if (object.has(key)) {
                        throw new InputException(parser.currentTokenLocation().getLineNr(), "duplicate key \"" + key + "\"");
                    }
                    object.set(key, value(parser, parser.nextToken(), child, tree, depth + 1));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = TreeBuilder.NODES.arrayNode();
                int index = 0;
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(parser, next, tree.index(path, index++), tree, depth + 1));
                }
                return array;
            }
            case VALUE_STRING -> {
                return TreeBuilder.NODES.textNode(tree.strings.value(parser.getText()));
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? TreeBuilder.NODES.numberNode(parser.getBigIntegerValue())
                        : TreeBuilder.NODES.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return TreeBuilder.NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return TreeBuilder.NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return TreeBuilder.NODES.nullNode();
            }
            default -> throw new InputException(parser.currentTokenLocation().getLineNr(), "unexpected " + token);
        }
    }
}
