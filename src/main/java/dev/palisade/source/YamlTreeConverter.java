package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns one composed YAML document into the JSON value {@code kubectl apply} sends for it, with the line of every field
 * as written. Scalars are typed by {@link ScalarTyping} ({@link KubectlScalars} for manifests). Aliases are expanded. Merge keys follow go-yaml v2, which
 * kubectl uses: {@code <<: *base} or {@code <<: {…}} writes the merged mapping's entries at the position of the merge
 * key, so entries after it override merged ones and merged ones override entries before it (the YAML merge spec lets
 * explicit keys always win; kubectl does not, and the cluster stores what kubectl sent); in {@code <<: [*a, *b]} the
 * earlier mapping wins. A merged field keeps the line of its key in the anchor, and the line of the {@code <<} is kept
 * for the finding's message. A key written twice in one mapping is refused: kubectl would silently keep the last.
 */
final class YamlTreeConverter {
    private final TreeBuilder tree;
    private final int offset;
    private final ScalarTyping scalars;
    /** Anchored collections converted so far (a later use is an alias), and those being converted (recursion). */
    private Set<Node> anchored;
    private Set<Node> open;

    /** @param offset the 0-based line of the document's text in its file */
    YamlTreeConverter(TreeBuilder tree, int offset, ScalarTyping scalars) {
        this.tree = tree;
        this.offset = offset;
        this.scalars = scalars;
    }

    JsonNode convert(Node root) throws InputException {
        return value(root, "", 0);
    }

    private JsonNode value(Node node, String path, int depth) throws InputException {
        tree.count(lineOf(node), depth);
        if (node instanceof ScalarNode scalar) {
            try {
                return scalars.value(scalar.getTag().getValue(), tree.strings.value(scalar.getValue()));
            } catch (KubectlScalars.Refused e) {
                throw new InputException(lineOf(node), e.getMessage());
            }
        }
        boolean anchor = node.getAnchor() != null;
        if (anchor) {
            enter(node);
        }
        JsonNode value;
        if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            ArrayNode array = TreeBuilder.NODES.arrayNode(items.size());
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String itemPath = tree.index(path, i);
                tree.lines.put(itemPath, lineOf(item));
                array.add(value(item, itemPath, depth + 1));
            }
            value = array;
        } else {
            ObjectNode object = TreeBuilder.NODES.objectNode();
            fill(object, (MappingNode) node, path, depth, 0);
            value = object;
        }
        if (anchor) {
            open.remove(node);
        }
        return value;
    }

    /**
     * Writes the entries of {@code mapping} into {@code object} in document order. {@code mergeLine} is the line of
     * the {@code <<} that merges this mapping into {@code object}, or 0 for the object's own mapping.
     */
    private void fill(ObjectNode object, MappingNode mapping, String path, int depth, int mergeLine) throws InputException {
        // Keys this mapping wrote itself; until a merge adds others, the object's own keys are exactly those.
        Set<String> written = object.isEmpty() ? null : new HashSet<>();
        int mergeKeyLine = 0;
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = lineOf(keyNode);
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                throw new InputException(keyLine, "a mapping key must be a plain value, not a list or mapping");
            }
            String tag = keyScalar.getTag().getValue();
            if (scalars.isMergeKey(tag, keyScalar.getValue())) {
                if (mergeKeyLine > 0) {
                    throw new InputException(keyLine, "duplicate key \"<<\" (first at line " + mergeKeyLine
                            + "): merge several mappings with one key, <<: [*first, *second]");
                }
                mergeKeyLine = keyLine;
                if (written == null) {
                    written = new HashSet<>();
                    object.fieldNames().forEachRemaining(written::add);
                }
                merge(object, tuple.getValueNode(), path, depth, keyLine);
                continue;
            }
            String key;
            try {
                key = tree.strings.of(scalars.key(tag, keyScalar.getValue()));
            } catch (KubectlScalars.Refused e) {
                throw new InputException(keyLine, e.getMessage());
            }
            String childPath = tree.field(path, key);
            boolean present = object.has(key);
            if (written == null ? present : !written.add(key)) {
                throw new InputException(keyLine, "duplicate key \"" + key + "\" (first at line " + tree.lines.get(childPath)
                        + "): kubectl would keep only the last value; remove one");
            }
            if (present) {
                tree.replacing(childPath);
            }
            Node valueNode = tuple.getValueNode();
            boolean alias = anchored != null && anchored.contains(valueNode);
            tree.lines.put(childPath, keyLine);
            object.set(key, value(valueNode, childPath, depth + 1));
            if (mergeLine > 0) {
                tree.reused(childPath, "merged by the << at line " + mergeLine);
            } else if (alias) {
                tree.reused(childPath, "through the alias *" + valueNode.getAnchor() + " at line " + keyLine);
            }
        }
    }

    /** go-yaml v2's merge: a mapping, an alias of one, or a list of those, the earlier ones winning. */
    private void merge(ObjectNode object, Node source, String path, int depth, int mergeLine) throws InputException {
        if (source instanceof MappingNode mapping) {
            mergeMapping(object, mapping, path, depth, mergeLine);
            return;
        }
        // An alias of a list is refused by go-yaml, a list written in place is not.
        if (source instanceof SequenceNode list && !(anchored != null && anchored.contains(list))) {
            List<Node> items = list.getValue();
            for (Node item : items) {
                if (!(item instanceof MappingNode)) {
                    throw notMergeable(mergeLine);
                }
            }
            for (int i = items.size() - 1; i >= 0; i--) {
                mergeMapping(object, (MappingNode) items.get(i), path, depth, mergeLine);
            }
            return;
        }
        throw notMergeable(mergeLine);
    }

    private void mergeMapping(ObjectNode object, MappingNode mapping, String path, int depth, int mergeLine)
            throws InputException {
        boolean anchor = mapping.getAnchor() != null;
        if (anchor) {
            enter(mapping);
        }
        fill(object, mapping, path, depth, mergeLine);
        if (anchor) {
            open.remove(mapping);
        }
    }

    /** Marks an anchored collection as converted and in progress; refuses one that contains itself. */
    private void enter(Node node) throws InputException {
        if (anchored == null) {
            anchored = Collections.newSetFromMap(new IdentityHashMap<>());
            open = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        if (!open.add(node)) {
            throw new InputException(lineOf(node), "the anchor &" + node.getAnchor()
                    + " contains an alias of itself: kubectl refuses this document");
        }
        anchored.add(node);
    }

    private static InputException notMergeable(int line) {
        return new InputException(line, "a merge key (<<) takes a mapping, an alias of one, or a list of those:"
                + " kubectl refuses this document");
    }

    private int lineOf(Node node) {
        return offset + node.getStartMark().getLine() + 1;
    }
}
