package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Turns files, folders (recursively: .yaml, .yml, .json; hidden entries skipped), and stdin ({@code -}) into Kubernetes objects with source
 * lines. Multi-document YAML, JSON streams, {@code kind: List} and every {@code *List} are flattened. A broken file or
 * document becomes an {@link InputError}; everything else is still read.
 */
public final class ManifestLoader {

    /** What a load produced: the objects in input order and the problems found. */
    public record Result(List<KubeObject> objects, List<InputError> errors) {}

    private final LoadLimits limits;

    public ManifestLoader() {
        this(LoadLimits.DEFAULT);
    }

    public ManifestLoader(LoadLimits limits) {
        this.limits = limits;
    }

    /**
     * Loads every argument in order. {@code excluded} is asked about each file found while walking a folder (files
     * named explicitly are always read).
     */
    public Result load(List<String> arguments, InputStream stdin, Predicate<Path> excluded) {
        List<KubeObject> objects = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-")) {
                collect(readStdin(stdin), objects, errors);
                continue;
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                for (Path file : manifestFiles(path, errors)) {
                    if (!excluded.test(file)) {
                        collect(readFile(file), objects, errors);
                    }
                }
            } else {
                collect(readFile(path), objects, errors);
            }
        }
        return new Result(objects, errors);
    }

    /** Reads one text as if it were a file with that name; JSON is recognised by name or by its first character. */
    public Result loadText(String file, String text) {
        if (text.length() > limits.maxBytes()) {
            return new Result(List.of(), List.of(new InputError(file, 0, tooLarge())));
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        YamlReader.Outcome outcome = looksLikeJson(file, text)
                ? new JsonReader(limits).read(text)
                : new YamlReader(limits).read(text);
        List<KubeObject> objects = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (InputException e : outcome.errors()) {
            errors.add(new InputError(file, e.line, e.getMessage()));
        }
        for (TreeBuilder.Document document : outcome.documents()) {
            toObjects(file, document.root(), document.lines(), document.reused(), document.line(), objects, errors);
        }
        return new Result(objects, errors);
    }

    private static void collect(Result result, List<KubeObject> objects, List<InputError> errors) {
        objects.addAll(result.objects());
        errors.addAll(result.errors());
    }

    private Result readFile(Path path) {
        String file = path.toString();
        try {
            long size = Files.size(path);
            if (size > limits.maxBytes()) {
                return new Result(List.of(), List.of(new InputError(file, 0, tooLarge())));
            }
            return loadText(file, Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new Result(List.of(), List.of(new InputError(file, 0, "no such file or directory")));
        } catch (java.nio.charset.MalformedInputException e) {
            return new Result(List.of(), List.of(new InputError(file, 0, "not UTF-8 text")));
        } catch (IOException e) {
            return new Result(List.of(), List.of(new InputError(file, 0, "cannot read: " + e.getMessage())));
        }
    }

    private Result readStdin(InputStream stdin) {
        try {
            byte[] bytes = stdin.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
            if (bytes.length > limits.maxBytes()) {
                return new Result(List.of(), List.of(new InputError("-", 0, tooLarge())));
            }
            return loadText("-", new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(List.of(), List.of(new InputError("-", 0, "cannot read stdin: " + e.getMessage())));
        }
    }

    private static List<Path> manifestFiles(Path folder, List<InputError> errors) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(folder.relativize(p)))
                    .filter(ManifestLoader::isManifestName)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            errors.add(new InputError(folder.toString(), 0, "cannot read folder: " + e.getMessage()));
            return List.of();
        }
    }

    /**
     * Hidden files and folders ({@code .git}, {@code .github/workflows}, {@code .palisade.yaml}) hold YAML that is not
     * Kubernetes objects; a folder walk skips them, a file named on the command line is still read.
     */
    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            String text = name.toString();
            if (text.startsWith(".") && !text.equals(".") && !text.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static boolean isManifestName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static boolean looksLikeJson(String file, String text) {
        String name = file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return true;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return false;
        }
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }

    private void toObjects(String file, JsonNode root, Map<String, Integer> lines, Map<String, String> reused, int line,
            List<KubeObject> objects, List<InputError> errors) {
        if (root == null || root.isNull() || root.isMissingNode() || (root.isObject() && root.isEmpty())) {
            return; // empty documents are common in Helm output
        }
        if (!root.isObject()) {
            errors.add(new InputError(file, line, "not a Kubernetes object: the document is a "
                    + (root.isArray() ? "list" : "plain value") + ", expected a mapping with apiVersion and kind"));
            return;
        }
        String kind = root.path("kind").asText("");
        if (kind.isEmpty() || !root.path("kind").isTextual()) {
            errors.add(new InputError(file, line, "not a Kubernetes object: missing \"kind\""));
            return;
        }
        if (root.path("apiVersion").asText("").isEmpty()) {
            errors.add(new InputError(file, lines.getOrDefault("kind", line), "not a Kubernetes object: " + kind + " has no \"apiVersion\""));
            return;
        }
        if (kind.endsWith("List") && root.has("items")) {
            JsonNode items = root.get("items");
            if (!items.isArray()) {
                errors.add(new InputError(file, lines.getOrDefault("items", line), kind + ".items must be a list"));
                return;
            }
            List<Map<String, Integer>> itemLines = byItem(lines, items.size());
            List<Map<String, String>> itemReuse = byItem(reused, items.size());
            for (int i = 0; i < items.size(); i++) {
                toObjects(file, items.get(i), itemLines.get(i), itemReuse.get(i),
                        lines.getOrDefault(FieldPath.index("items", i), line), objects, errors);
            }
            return;
        }
        objects.add(new KubeObject(root, file, line, lines, reused));
    }

    /**
     * The entries under each {@code items[i]}, with that prefix removed, so that an item of a List reads like its own
     * document; one pass over the map, however many items.
     */
    private static <V> List<Map<String, V>> byItem(Map<String, V> byPath, int count) {
        List<Map<String, V>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new HashMap<>());
        }
        for (Map.Entry<String, V> e : byPath.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("items[")) {
                continue;
            }
            int close = key.indexOf(']');
            int index = Integer.parseInt(key, 6, close, 10);
            String rest = key.length() > close + 1 && key.charAt(close + 1) == '.' ? key.substring(close + 2) : key.substring(close + 1);
            if (index < count && !rest.isEmpty()) {
                items.get(index).put(rest, e.getValue());
            }
        }
        return items;
    }

    private String tooLarge() {
        return "larger than " + (limits.maxBytes() / (1024 * 1024)) + " MiB; refused";
    }
}
