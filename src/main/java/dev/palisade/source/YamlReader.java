package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML stream into documents, keeping the line of every field. The stream is split at {@code ---} markers
 * first, so that a broken document is reported and the documents after it are still read.
 */
final class YamlReader {
    private static final Pattern DOCUMENT_MARKER = Pattern.compile("^---(\\s.*)?$");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final LoadLimits limits;
    private Yaml yaml;

    YamlReader(LoadLimits limits) {
        this.limits = limits;
    }

    /** One parser for every document of the stream: each compose starts afresh, the setup is what it saves. */
    private Yaml yaml() {
        if (yaml == null) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(limits.maxAliases());
            options.setAllowRecursiveKeys(false);
            options.setNestingDepthLimit(limits.maxDepth());
            options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()));
            yaml = new Yaml(options);
        }
        return yaml;
    }

    /** One chunk of the stream: its text and the 0-based line where it starts in the file. */
    record Chunk(String text, int firstLine) {
        /** The 1-based line of the chunk's last non-blank line. */
        int lastLine() {
            String[] lines = text.stripTrailing().split("\n", -1);
            return firstLine + Math.max(1, lines.length);
        }
    }

    record Outcome(List<TreeBuilder.Document> documents, List<InputException> errors) {}

    Outcome read(String text) {
        List<TreeBuilder.Document> documents = new ArrayList<>();
        List<InputException> errors = new ArrayList<>();
        for (Chunk chunk : split(text)) {
            try {
                TreeBuilder.Document document = readChunk(chunk);
                if (document != null) {
                    documents.add(document);
                }
            } catch (InputException e) {
                errors.add(e);
            }
        }
        return new Outcome(documents, errors);
    }

    static List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("---") && DOCUMENT_MARKER.matcher(lines[i]).matches()) {
                chunks.add(new Chunk(current.toString(), start));
                current.setLength(0);
                start = i;
            }
            current.append(lines[i]).append('\n');
        }
        chunks.add(new Chunk(current.toString(), start));
        return chunks;
    }

    private TreeBuilder.Document readChunk(Chunk chunk) throws InputException {
        Node node;
        try {
            node = yaml().compose(new StringReader(chunk.text()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? chunk.firstLine() + 1 : chunk.firstLine() + mark.getLine() + 1;
            // A problem found at the end of the stream (an unclosed bracket) is marked after the last line.
            throw new InputException(Math.min(line, chunk.lastLine()), describe(e));
        } catch (YAMLException e) {
            throw new InputException(chunk.firstLine() + 1, refusal("invalid YAML: " + firstLine(e.getMessage())));
        }
        if (node == null) {
            return null;
        }
        TreeBuilder tree = new TreeBuilder(limits);
        JsonNode root = convert(node, "", chunk.firstLine(), tree, 0);
        return new TreeBuilder.Document(root, tree.lines, chunk.firstLine() + node.getStartMark().getLine() + 1);
    }

    private JsonNode convert(Node node, String path, int offset, TreeBuilder tree, int depth) throws InputException {
        int line = offset + node.getStartMark().getLine() + 1;
        tree.visit(path, line, depth);
        if (node instanceof MappingNode mapping) {
            ObjectNode object = TreeBuilder.NODES.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new InputException(offset + tuple.getKeyNode().getStartMark().getLine() + 1,
                            "a mapping key must be a plain value, not a list or mapping");
                }
                String key = keyNode.getValue();
                if (object.has(key)) {
                    throw new InputException(offset + keyNode.getStartMark().getLine() + 1, "duplicate key \"" + key + "\"");
                }
                String childPath = FieldPath.field(path, key);
                tree.lines.put(childPath, offset + keyNode.getStartMark().getLine() + 1);
                object.set(key, convert(tuple.getValueNode(), childPath, offset, tree, depth + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = TreeBuilder.NODES.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                array.add(convert(items.get(i), FieldPath.index(path, i), offset, tree, depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return TreeBuilder.NODES.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                // YAML 1.1 spells booleans many ways; Kubernetes (sigs.k8s.io/yaml) reads true/false only as booleans.
                String lower = value.toLowerCase();
                if (lower.equals("true") || lower.equals("false")) {
                    return TreeBuilder.NODES.booleanNode(lower.equals("true"));
                }
                return TreeBuilder.NODES.textNode(value);
            }
            if (Tag.INT.equals(tag) && INTEGER.matcher(value).matches()) {
                BigInteger number = new BigInteger(value);
                return number.bitLength() < 63 ? TreeBuilder.NODES.numberNode(number.longValue()) : TreeBuilder.NODES.numberNode(number);
            }
            if (Tag.FLOAT.equals(tag) && DECIMAL.matcher(value).matches()) {
                return TreeBuilder.NODES.numberNode(new java.math.BigDecimal(value));
            }
        } catch (NumberFormatException e) {
            return TreeBuilder.NODES.textNode(value);
        }
        return TreeBuilder.NODES.textNode(value);
    }

    private static String describe(MarkedYAMLException e) {
        StringBuilder message = new StringBuilder("invalid YAML: ");
        if (e.getProblem() != null) {
            message.append(e.getProblem());
        }
        if (e.getContext() != null) {
            message.append(" (").append(e.getContext()).append(")");
        }
        return refusal(message.toString());
    }

    /** Names the limit a document broke, in the words the user reads. */
    private static String refusal(String text) {
        if (text.contains("Number of aliases") || text.contains("aliases for non-scalar")) {
            return "too many aliases in one document (an alias bomb?); refused";
        }
        if (text.contains("Nesting Depth")) {
            return "document is nested too deeply (more than the nesting limit); refused";
        }
        if (text.contains("code points")) {
            return "document is too large; refused";
        }
        return text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
