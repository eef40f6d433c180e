package dev.palisade.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** Shared reading helpers for both dialects: errors are collected as {@link PolicyError}s, never thrown. */
final class PolicyReader {
    final KubeObject object;
    final List<PolicyError> errors = new ArrayList<>();

    PolicyReader(KubeObject object) {
        this.object = object;
    }

    void error(String path, String message) {
        errors.add(PolicyError.at(object, path, message));
    }

    LabelSelector labelSelector(JsonNode node, String path) {
        List<String[]> problems = new ArrayList<>();
        LabelSelector selector = LabelSelector.parse(node, path, problems);
        problems.forEach(p -> error(p[0], p[1]));
        return selector;
    }

    CalicoSelector calicoSelector(JsonNode node, String path) {
        return calicoSelector(node, path, "");
    }

    /** A Calico selector whose label names get {@code keyPrefix} ({@code pcsa.} for ServiceAccount labels). */
    CalicoSelector calicoSelector(JsonNode node, String path, String keyPrefix) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            error(path, "a Calico selector must be a string such as \"app == 'web'\"");
            return null;
        }
        try {
            return CalicoSelector.parse(node.asText(), keyPrefix);
        } catch (IllegalArgumentException e) {
            error(path, e.getMessage());
            return null;
        }
    }

    IpBlock ipBlock(String cidr, List<String> except, String path) {
        try {
            return new IpBlock(cidr, except);
        } catch (IllegalArgumentException e) {
            error(path, e.getMessage());
            return null;
        }
    }

    /** A list field: missing or null is empty; anything else but a list is an error (and empty). */
    JsonNode list(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            error(path, "must be a list");
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        return node;
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }
}
