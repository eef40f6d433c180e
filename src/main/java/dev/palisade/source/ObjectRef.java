package dev.palisade.source;

/** Identifies a Kubernetes object in findings and reports. {@code namespace} is empty for cluster-scoped or unset. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    public ObjectRef {
        apiVersion = apiVersion == null ? "" : apiVersion;
        kind = kind == null ? "" : kind;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** {@code Kind/namespace/name}, or {@code Kind/name} when there is no namespace. */
    @Override
    public String toString() {
        return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }
}
