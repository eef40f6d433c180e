package dev.palisade.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Objects for the tests from YAML text or the project's examples, as fabric8 types. */
public final class Manifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {}

    public static <T extends HasMetadata> T parse(String yaml, Class<T> type) {
        return SERIALIZATION.unmarshal(yaml, type);
    }

    /** Every document of {@code examples/NAME} of the given type, moved into {@code namespace} when namespaced. */
    public static <T extends HasMetadata> List<T> example(String name, Class<T> type, String namespace) {
        String text;
        try {
            text = Files.readString(Path.of("examples", name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read examples/" + name + ": " + e.getMessage(), e);
        }
        List<HasMetadata> all = java.util.Arrays.stream(text.split("(?m)^---\\s*$")).filter(doc -> doc.contains("kind:"))
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc)).toList();
        return all.stream().filter(type::isInstance).map(type::cast).peek(object -> {
            if (object.getMetadata().getNamespace() != null && namespace != null) {
                object.getMetadata().setNamespace(namespace);
            }
        }).toList();
    }

    public static String yaml(HasMetadata object) {
        return SERIALIZATION.asYaml(object);
    }
}
