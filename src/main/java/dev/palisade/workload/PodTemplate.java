package dev.palisade.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod a workload runs: its spec and metadata nodes and their field paths inside the owning object, so that a
 * finding on a Deployment points at {@code spec.template.spec.containers[0]...}.
 */
public record PodTemplate(JsonNode spec, String specPath, JsonNode metadata, String metadataPath, List<Container> containers) {

    /** The three container lists, in the order Kubernetes documents them. */
    public static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    /**
     * With its containers listed once: a template is kept with its object ({@link PodSpecAccessor#podTemplate}) and
     * every check of the object walks the list.
     */
    public PodTemplate(JsonNode spec, String specPath, JsonNode metadata, String metadataPath) {
        this(spec, specPath, metadata, metadataPath, containersOf(spec, specPath));
    }

    /**
     * Every container of every list, with its path.
     *
     * @return unmodifiable
     */
    @Override
    public List<Container> containers() {
        return containers;
    }

    private static List<Container> containersOf(JsonNode spec, String specPath) {
        List<Container> all = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            JsonNode items = spec.path(list);
            for (int i = 0; i < items.size(); i++) {
                all.add(new Container(items.get(i), FieldPath.index(FieldPath.field(specPath, list), i), list));
            }
        }
        return List.copyOf(all);
    }

    /** The path of a field of the pod spec. */
    public String path(String field) {
        return FieldPath.field(specPath, field);
    }

    /** A pod-level field: {@code spec.<field>}. */
    public JsonNode field(String field) {
        return spec.path(field);
    }

    public boolean isWindows() {
        return "windows".equals(spec.path("os").path("name").asText());
    }

    /** One container and where it sits. */
    public record Container(JsonNode node, String path, String list) {
        public String name() {
            return node.path("name").asText("");
        }

        public String path(String field) {
            return FieldPath.field(path, field);
        }

        /** "container", "init container" or "ephemeral container", for messages. */
        public String label() {
            return switch (list) {
                case "initContainers" -> "init container";
                case "ephemeralContainers" -> "ephemeral container";
                default -> "container";
            };
        }

        /** For messages: {@code container "app"}. */
        public String describe() {
            return label() + " \"" + name() + "\"";
        }
    }
}
