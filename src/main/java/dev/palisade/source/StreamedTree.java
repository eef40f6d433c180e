package dev.palisade.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One JSON value read token by token into Jackson's tree, without an ObjectMapper (whose set-up costs a CLI start
 * more than the reading). The bundles in the jar (catalogue, schemas) are read this way; each names the node types its
 * readers expect, so a tree read here equals the one the slower path builds.
 */
public final class StreamedTree {

    /** Which tree's number types to build. */
    public enum Numbers {
        /** As {@code ObjectMapper.readTree}: int, long or big integers, doubles. */
        OBJECT_MAPPER(JsonNodeFactory.instance),
        /** As {@link YamlText}: integers as long (or big), decimals exact. */
        YAML_TEXT(JsonNodeFactory.withExactBigDecimals(true));

        private final JsonNodeFactory nodes;

        Numbers(JsonNodeFactory nodes) {
            this.nodes = nodes;
        }
    }

    private StreamedTree() {}

    /** The value that starts at {@code token} (the parser's current token), with the parser left on its last token. */
    public static JsonNode read(JsonParser parser, JsonToken token, Numbers numbers) throws IOException {
        JsonNodeFactory nodes = numbers.nodes;
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    object.set(key, read(parser, parser.nextToken(), numbers));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(read(parser, next, numbers));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.BIG_INTEGER) {
                    return nodes.numberNode(parser.getBigIntegerValue());
                }
                return numbers == Numbers.OBJECT_MAPPER && type == JsonParser.NumberType.INT
                        ? nodes.numberNode(parser.getIntValue()) : nodes.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return numbers == Numbers.OBJECT_MAPPER ? nodes.numberNode(parser.getDoubleValue())
                        : nodes.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation().offsetDescription());
        }
    }
}
