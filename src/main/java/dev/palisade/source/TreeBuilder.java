package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Collects a document's line map (and, for YAML, where merge keys and aliases placed fields) and enforces the node
 * budget while a reader builds its tree.
 */
final class TreeBuilder {
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    final Map<String, Integer> lines = new HashMap<>();
    /**
     * Path → how a YAML merge key or alias put the field there; allocated by the first such field. Sorted, so that the
     * notes under a replaced field are one range, whatever their number.
     */
    private NavigableMap<String, String> reused;
    /** Set when a merge replaced a field, so that lines of fields no longer there may remain. */
    private boolean replaced;
    /** Field names, paths and short values, shared with the file's other documents. */
    final SharedStrings strings;
    private final LoadLimits limits;
    private int nodes;

    TreeBuilder(LoadLimits limits, SharedStrings strings) {
        this.limits = limits;
        this.strings = strings;
    }

    /** The path of a field, shared with the file's other documents. */
    String field(String path, String key) {
        return strings.of(FieldPath.field(path, key));
    }

    /** The path of a list item, shared with the file's other documents. */
    String index(String path, int index) {
        return strings.of(FieldPath.index(path, index));
    }

    /** Counts one value at {@code depth} and records its line unless its key already gave one. */
    void visit(String path, int line, int depth) throws InputException {
        count(line, depth);
        lines.putIfAbsent(path, line);
    }

    /** Counts one value at {@code depth}, refusing the document beyond the node budget or the depth limit. */
    void count(int line, int depth) throws InputException {
        if (++nodes > limits.maxNodes()) {
            throw new InputException(line, "document expands to more than " + limits.maxNodes()
                    + " values (an alias bomb or a huge document); refused");
        }
        if (depth > limits.maxDepth()) {
            throw new InputException(line, "document is nested deeper than " + limits.maxDepth() + " levels; refused");
        }
    }

    /** Records that the field at {@code path} was put there by a merge key or an alias ({@code note} says which). */
    void reused(String path, String note) {
        if (reused == null) {
            reused = new TreeMap<>();
        }
        reused.put(path, note);
    }

    /** The field at {@code path} is about to be replaced: what is known of its old value no longer holds. */
    void replacing(String path) {
        replaced = true;
        if (reused != null) {
            reused.subMap(path, true, path + Character.MAX_VALUE, true).keySet().removeIf(p -> p.length() == path.length()
                    || p.charAt(path.length()) == '.' || p.charAt(path.length()) == '[');
        }
    }

    /** The finished document; after a replacement, lines of fields that are gone are dropped. */
    Document document(JsonNode root, int line) {
        if (replaced) {
            lines.keySet().removeIf(path -> FieldPathSteps.at(root, path).isMissingNode());
        }
        return new Document(root, lines, reused == null ? Map.of() : reused, line);
    }

    /**
     * @param lines  the line of each field path
     * @param reused for fields a YAML merge key or alias put in place, how (nearest ancestor applies)
     * @param line   the line of the document's first value
     */
    record Document(JsonNode root, Map<String, Integer> lines, Map<String, String> reused, int line) {}
}
