package dev.palisade.admission;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an AdmissionReview from the raw request body under fixed limits (size, nesting depth, duplicate keys are an
 * error), rather than through Spring's message converters, so that a hostile or broken body is refused with a
 * precise message before any tree is built beyond the limits.
 *
 * <p>Only {@code admission.k8s.io/v1} is accepted: the webhook registers {@code admissionReviewVersions: [v1]}, so the
 * API server never sends another version; anything else is a misconfiguration that should be loud.
 */
final class AdmissionReviewReader {
    static final String API_VERSION = "admission.k8s.io/v1";
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    /**
     * Finds duplicate keys as the tree is built (a map put that replaces a value): the parser's own detection keeps a
     * set of names per object, an eighth of the bytes allocated per review.
     */
    private final ObjectMapper mapper;
    /** The parser's detection, for a body the first reading refused: its error, found first, is the one reported. */
    private final ObjectMapper strict;
    private final int maxBytes;
    private final int maxDepth;

    AdmissionReviewReader(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.mapper = new ObjectMapper(factory(maxBytes, maxDepth).build())
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.strict = new ObjectMapper(factory(maxBytes, maxDepth)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build());
    }

    private static JsonFactoryBuilder factory(int maxBytes, int maxDepth) {
        return new JsonFactoryBuilder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxDocumentLength(maxBytes)
                        .build())
                // Requests run on virtual threads, one per request: the default thread-local buffer pool would
                // never see a buffer again.
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
    }

    int maxBytes() {
        return maxBytes;
    }

    AdmissionRequest read(byte[] body) throws MalformedReviewException {
        if (body.length == 0) {
            throw new MalformedReviewException("body", "empty body: expected an AdmissionReview (" + API_VERSION + ") as JSON");
        }
        if (body.length > maxBytes) {
            throw new MalformedReviewException("size", "body larger than " + maxBytes + " bytes; refused");
        }
        JsonNode root;
        try {
            root = tree(mapper, body);
        } catch (IOException e) {
            // Refused (rare): read again with the parser's detection, so that a body with a duplicate key and another
            // fault further on is refused for the one that comes first, as it always was.
            root = strictTree(body);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedReviewException("json", "expected a JSON object (an AdmissionReview)");
        }
        String apiVersion = root.path("apiVersion").asText("");
        String kind = root.path("kind").asText("");
        if (!kind.equals("AdmissionReview")) {
            throw new MalformedReviewException("kind", "kind is \"" + kind + "\": expected AdmissionReview");
        }
        if (!apiVersion.equals(API_VERSION)) {
            throw new MalformedReviewException("version", "apiVersion is \"" + apiVersion + "\": only " + API_VERSION
                    + " is served (set admissionReviewVersions: [v1] in the webhook configuration)");
        }
        JsonNode request = root.path("request");
        if (!request.isObject()) {
            throw new MalformedReviewException("request", "AdmissionReview has no \"request\" object");
        }
        String uid = request.path("uid").asText("");
        if (!request.path("uid").isTextual() || uid.isBlank()) {
            throw new MalformedReviewException("uid", "request.uid is missing: the response must echo it");
        }
        String operation = request.path("operation").asText("");
        if (!OPERATIONS.contains(operation)) {
            throw new MalformedReviewException("request", "request.operation is \"" + operation
                    + "\": expected CREATE, UPDATE, DELETE or CONNECT");
        }
        JsonNode object = present(request.get("object"));
        JsonNode oldObject = present(request.get("oldObject"));
        if ((operation.equals("CREATE") || operation.equals("UPDATE")) && (object == null || !object.isObject())) {
            throw new MalformedReviewException("object", "request.object is missing or not an object: a "
                    + operation + " review must carry the object to judge");
        }
        List<String> groups = new ArrayList<>();
        request.path("userInfo").path("groups").forEach(g -> groups.add(g.asText()));
        String objectKind = request.path("kind").path("kind").asText("");
        if (objectKind.isEmpty() && object != null) {
            objectKind = object.path("kind").asText("");
        }
        String name = request.path("name").asText("");
        if (name.isEmpty() && object != null) {
            // CREATE with generateName: the API server has not named the object yet
            name = object.path("metadata").path("name").asText(object.path("metadata").path("generateName").asText(""));
        }
        return new AdmissionRequest(uid, operation, objectKind, request.path("subResource").asText(""),
                request.path("namespace").asText(""), name,
                request.path("userInfo").path("username").asText(""), List.copyOf(groups), object, oldObject,
                request.path("dryRun").asBoolean(false));
    }

    private static JsonNode tree(ObjectMapper reader, byte[] body) throws IOException, MalformedReviewException {
        try (JsonParser parser = reader.createParser(body)) {
            JsonNode root = reader.readTree(parser);
            if (parser.nextToken() != null) {
                throw new MalformedReviewException("json", "invalid JSON: more than one value in the body");
            }
            return root;
        }
    }

    private JsonNode strictTree(byte[] body) throws MalformedReviewException {
        try {
            return tree(strict, body);
        } catch (StreamConstraintsException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                throw new MalformedReviewException("depth", "JSON nested deeper than " + maxDepth + " levels; refused");
            }
            throw new MalformedReviewException("size", "body exceeds the reader's limits: " + message);
        } catch (IOException e) {
            String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new MalformedReviewException("json", "invalid JSON: " + firstLine(message));
        }
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
