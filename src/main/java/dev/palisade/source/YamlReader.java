package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML stream into documents as {@code kubectl apply -f} does, keeping the line of every field. The stream is
 * split where kubectl's reader splits it, at lines starting with {@code ---} (only spaces or a comment may follow,
 * otherwise kubectl stops reading the file: that is reported, and Palisade goes on with the next document). Each
 * document is then read by go-yaml v2's rules ({@link YamlTreeConverter}); like go-yaml, only its first YAML document
 * counts, so text after a {@code ...} end marker is ignored. A broken document is reported and the documents after it
 * are still read.
 */
final class YamlReader {
    /** Below this much text, threads cost more than they save (about 150 small objects). */
    private static final int PARALLEL_FROM_CHARS = 256 * 1024;

    private final LoadLimits limits;
    private final ScalarTyping scalars;
    private final SharedStrings strings = new SharedStrings();
    private LoaderOptions options;

    /** A reader of Kubernetes manifests: scalars typed as kubectl types them. */
    YamlReader(LoadLimits limits) {
        this(limits, ScalarTyping.KUBECTL);
    }

    YamlReader(LoadLimits limits, ScalarTyping scalars) {
        this.limits = limits;
        this.scalars = scalars;
    }

    /** One set of options for every document of the stream. */
    private LoaderOptions options() {
        if (options == null) {
            options = new LoaderOptions();
            options.setMaxAliasesForCollections(limits.maxAliases());
            options.setAllowRecursiveKeys(false);
            options.setNestingDepthLimit(limits.maxDepth());
            options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()));
            options.setTagInspector(tag -> true); // a tag only ever names a type for KubectlScalars, never a Java class
        }
        return options;
    }

    /**
     * One document's text (without its separator line) and the 0-based line where it starts in the file; or, when
     * {@code separatorError} is set, a separator kubectl refuses, at that line.
     */
    record Chunk(String text, int firstLine, String separatorError) {
        /** The 1-based line of the chunk's last non-blank line. */
        int lastLine() {
            String[] lines = text.stripTrailing().split("\n", -1);
            return firstLine + Math.max(1, lines.length);
        }
    }

    record Outcome(List<TreeBuilder.Document> documents, List<InputException> errors) {}

    /**
     * Documents are independent (split at {@code ---} lines before any YAML is read), so a large stream is read on
     * every core and the results joined in stream order: the same documents and errors as one thread gives.
     */
    Outcome read(String text) {
        List<Chunk> chunks = split(text);
        options(); // before any thread shares it
        Stream<Chunk> stream = chunks.stream();
        if (text.length() >= PARALLEL_FROM_CHARS && chunks.size() > 1 && Runtime.getRuntime().availableProcessors() > 1) {
            stream = stream.parallel();
        }
        List<Object> read = stream.map(this::readOrError).toList(); // ordered, whatever the threads
        List<TreeBuilder.Document> documents = new ArrayList<>();
        List<InputException> errors = new ArrayList<>();
        for (Object result : read) {
            if (result instanceof TreeBuilder.Document document) {
                documents.add(document);
            } else if (result instanceof InputException e) {
                errors.add(e);
            }
        }
        return new Outcome(documents, errors);
    }

    /** A chunk's document, its error, or null for an empty document. */
    private Object readOrError(Chunk chunk) {
        try {
            return readChunk(chunk);
        } catch (InputException e) {
            return e;
        }
    }

    /** kubectl's document reader (k8s.io/apimachinery/pkg/util/yaml.YAMLReader): a line starting with "---" ends one. */
    static List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0; // of the current chunk's text
        int startLine = 0;
        int line = 0;
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            int next = end < 0 ? text.length() : end + 1;
            if (text.startsWith("---", at)) {
                String rest = text.substring(at + 3, end < 0 ? text.length() : end).strip();
                if (start < at) {
                    chunks.add(new Chunk(text.substring(start, at), startLine, null));
                }
                if (!rest.isEmpty() && rest.charAt(0) != '#') {
                    chunks.add(new Chunk("", line, "invalid document separator \"" + text.substring(at, end < 0 ? text.length() : end).strip()
                            + "\": only spaces or a # comment may follow --- (kubectl stops reading the file here)"));
                }
                start = next;
                startLine = line + 1;
            }
            at = next;
            line++;
        }
        if (start < text.length()) {
            chunks.add(new Chunk(text.substring(start), startLine, null));
        }
        return chunks;
    }

    TreeBuilder.Document readChunk(Chunk chunk) throws InputException {
        if (chunk.separatorError() != null) {
            throw new InputException(chunk.firstLine() + 1, chunk.separatorError());
        }
        Node node;
        try {
            PlainScalarComposer composer = new PlainScalarComposer(chunk.text(), options());
            node = composer.checkNode() ? composer.getNode() : null;
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
        TreeBuilder tree = new TreeBuilder(limits, strings);
        JsonNode root = new YamlTreeConverter(tree, chunk.firstLine(), scalars).convert(node);
        return tree.document(root, chunk.firstLine() + node.getStartMark().getLine() + 1);
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
