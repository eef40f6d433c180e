package dev.palisade.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A namespace as policies see it: its name and labels. Kubernetes labels every namespace with
 * {@code kubernetes.io/metadata.name: <name>} (since 1.21), so that label is always present here, also for
 * namespaces that the input only implies (a Pod in {@code x} without a Namespace object {@code x}).
 */
public record NamespaceInfo(String name, Map<String, String> labels) {
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public NamespaceInfo {
        Map<String, String> all = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        all.put(NAME_LABEL, name);
        labels = Map.copyOf(all);
    }

    /** A namespace known only by name. */
    public static NamespaceInfo implied(String name) {
        return new NamespaceInfo(name, Map.of());
    }

    /** From a Namespace object (a linted file, or a live object converted with Jackson). */
    public static NamespaceInfo from(KubeObject namespace) {
        return new NamespaceInfo(namespace.name(), namespace.labels());
    }

    /** From a live Namespace as JSON. */
    public static NamespaceInfo fromJson(JsonNode namespace) {
        return from(KubeObject.of(namespace));
    }
}
