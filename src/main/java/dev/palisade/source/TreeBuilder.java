package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.Map;

/** Collects a document's line map and enforces the node budget while a reader builds its tree. */
final class TreeBuilder {
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    final Map<String, Integer> lines = new HashMap<>();
    private final LoadLimits limits;
    private int nodes;

    TreeBuilder(LoadLimits limits) {
        this.limits = limits;
    }

    void visit(String path, int line, int depth) throws InputException {
        if (++nodes > limits.maxNodes()) {
            throw new InputException(line, "document expands to more than " + limits.maxNodes()
                    + " values (an alias bomb or a huge document); refused");
        }
        if (depth > limits.maxDepth()) {
            throw new InputException(line, "document is nested deeper than " + limits.maxDepth() + " levels; refused");
        }
        lines.putIfAbsent(path, line);
    }

    record Document(JsonNode root, Map<String, Integer> lines, int line) {}
}
