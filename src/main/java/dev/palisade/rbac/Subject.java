package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;

/** A binding's subject: a User, Group or ServiceAccount (namespace only for ServiceAccounts). */
record Subject(String kind, String name, String namespace) {

    static Subject of(JsonNode node, String bindingNamespace) {
        String kind = node.path("kind").asText("");
        String namespace = node.path("namespace").asText("");
        if ("ServiceAccount".equals(kind) && namespace.isEmpty()) {
            namespace = bindingNamespace; // a RoleBinding's ServiceAccount subject defaults to its own namespace
        }
        return new Subject(kind, node.path("name").asText(""), "ServiceAccount".equals(kind) ? namespace : "");
    }

    @Override
    public String toString() {
        return "ServiceAccount".equals(kind) ? kind + " " + namespace + "/" + name : kind + " " + name;
    }
}
