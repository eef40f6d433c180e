package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.YamlText;
import java.util.List;
import java.util.UUID;

/** AdmissionReview request bodies as the API server sends them, built from object YAML. */
public final class Reviews {
    private Reviews() {}

    public static String create(String namespace, String objectYaml) {
        return review("CREATE", namespace, "alice", List.of("system:authenticated"), objectYaml, null, false);
    }

    static String review(String operation, String namespace, String user, List<String> groups, String objectYaml,
            String oldObjectYaml, boolean dryRun) {
        return body(UUID.randomUUID().toString(), operation, namespace, user, groups, objectYaml, oldObjectYaml, dryRun).toString();
    }

    static ObjectNode body(String uid, String operation, String namespace, String user, List<String> groups,
            String objectYaml, String oldObjectYaml, boolean dryRun) {
        ObjectNode review = WebhookClient.JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", uid);
        JsonNode object = objectYaml == null ? null : YamlText.parse("object.yaml", objectYaml);
        JsonNode old = oldObjectYaml == null ? null : YamlText.parse("old.yaml", oldObjectYaml);
        JsonNode any = object != null ? object : old;
        String apiVersion = any.path("apiVersion").asText();
        ObjectNode kind = request.putObject("kind");
        kind.put("group", apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
        kind.put("version", apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
        kind.put("kind", any.path("kind").asText());
        request.put("name", any.path("metadata").path("name").asText(""));
        if (namespace != null) {
            request.put("namespace", namespace);
        }
        request.put("operation", operation);
        ObjectNode userInfo = request.putObject("userInfo");
        userInfo.put("username", user);
        groups.forEach(userInfo.putArray("groups")::add);
        request.set("object", object);
        request.set("oldObject", old);
        request.put("dryRun", dryRun);
        return review;
    }
}
