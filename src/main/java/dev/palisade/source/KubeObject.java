package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One Kubernetes object as read from a file, stdin or an AdmissionReview, with the line of each of its fields,
 * so that a finding can point at {@code file:line} of the offending field (or of the object when it is missing).
 */
public final class KubeObject {
    private final JsonNode root;
    private final String file;
    private final int line;
    private final Map<String, Integer> lines;
    private final Map<String, String> reused;
    /** Read by every check of every object (the engine's check list is chosen by it): looked up once. */
    private final String kind;
    /** See {@link #derived}. */
    private volatile Object derived;

    /**
     * @param root  the object's fields
     * @param file  where it came from ("-" for stdin, "" when it has no source file)
     * @param line  the line of the object itself (1-based; 0 when unknown)
     * @param lines the line of each field path in {@link FieldPath} form
     */
    public KubeObject(JsonNode root, String file, int line, Map<String, Integer> lines) {
        this(root, file, line, Map.copyOf(lines), Map.of());
    }

    /**
     * For the loader, which hands over maps that nothing else holds: they are wrapped, not copied (a copy per object
     * was a twentieth of the loading time).
     *
     * @param reused for fields a YAML merge key or alias put in place, how ({@link #reuseNote})
     */
    KubeObject(JsonNode root, String file, int line, Map<String, Integer> lines, Map<String, String> reused) {
        this.root = root;
        this.file = file;
        this.line = line;
        this.lines = Collections.unmodifiableMap(lines);
        this.reused = Collections.unmodifiableMap(reused);
        this.kind = root.path("kind").asText("");
    }

    /** An object without a source file (an AdmissionReview's object, a test fixture). */
    public static KubeObject of(JsonNode root) {
        return new KubeObject(root, "", 0, Collections.emptyMap());
    }

    public JsonNode root() {
        return root;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String apiVersion() {
        return root.path("apiVersion").asText("");
    }

    public String kind() {
        return kind;
    }

    /** The API group: "" for the core group, otherwise the part of apiVersion before the slash. */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String name() {
        JsonNode metadata = root.path("metadata");
        String name = metadata.path("name").asText("");
        return name.isEmpty() ? metadata.path("generateName").asText("") : name;
    }

    public String namespace() {
        return root.path("metadata").path("namespace").asText("");
    }

    public Map<String, String> labels() {
        return stringMap(root.path("metadata").path("labels"));
    }

    public Map<String, String> annotations() {
        return stringMap(root.path("metadata").path("annotations"));
    }

    public ObjectRef ref() {
        return new ObjectRef(apiVersion(), kind(), namespace(), name());
    }

    /** The node at a field path, or a missing node. */
    public JsonNode at(String path) {
        return FieldPathSteps.at(root, path);
    }

    /** The line of the field at {@code path}, else of its nearest present ancestor, else of the object. */
    public int lineOf(String path) {
        if (lines.isEmpty()) {
            return line; // an object without a source file (an AdmissionReview's): no path to walk up
        }
        String current = path == null ? "" : path;
        while (!current.isEmpty()) {
            Integer found = lines.get(current);
            if (found != null) {
                return found;
            }
            current = FieldPath.parent(current);
        }
        return line;
    }

    /**
     * For a field that a YAML merge key or alias put in place (itself or an ancestor), how: "merged by the << at line
     * 14" or "through the alias *sc at line 20"; its {@link #lineOf line} is where it is written, in the anchor.
     * "" for a field written where it stands.
     */
    public String reuseNote(String path) {
        if (reused.isEmpty()) {
            return "";
        }
        String current = path == null ? "" : path;
        while (!current.isEmpty()) {
            String note = reused.get(current);
            if (note != null) {
                return note;
            }
            current = FieldPath.parent(current);
        }
        return "";
    }

    /**
     * A value derived from this object by a package above this one, computed at first use and kept: the workload
     * package's pod template, which every check of a workload asks for. One slot, recognised by its type (another type
     * asked for replaces it); two threads asking at once may both compute it, so the value must be immutable.
     */
    public <T> T derived(Class<T> type, Function<KubeObject, T> compute) {
        Object value = derived;
        if (!type.isInstance(value)) {
            value = compute.apply(this);
            derived = value;
        }
        return type.cast(value);
    }

    /** The same object seen with a namespace filled in (kubectl's -n for objects that do not name one). */
    public KubeObject withDefaultNamespace(String namespace) {
        if (!namespace().isEmpty() || !(root instanceof ObjectNode objectNode)) {
            return this;
        }
        ObjectNode copy = objectNode.deepCopy();
        copy.withObject("/metadata").put("namespace", namespace);
        return new KubeObject(copy, file, line, lines, reused);
    }

    Map<String, Integer> lines() {
        return lines;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return map;
    }

    @Override
    public String toString() {
        return ref() + (file.isEmpty() ? "" : " (" + file + ":" + line + ")");
    }
}
