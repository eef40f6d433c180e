package dev.palisade.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the AdmissionReview response the API server expects: same {@code apiVersion} and {@code kind} as the
 * request, {@code response.uid} equal to {@code request.uid}, {@code response.allowed}, and for a denial a
 * {@code response.status} with {@code code} and {@code message}.
 */
final class AdmissionResponseWriter {
    private final ObjectMapper mapper = new ObjectMapper();

    byte[] write(String uid, AdmissionDecision decision) {
        ObjectNode review = mapper.createObjectNode();
        review.put("apiVersion", AdmissionReviewReader.API_VERSION);
        review.put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", decision.allowed());
        if (!decision.allowed()) {
            ObjectNode status = response.putObject("status");
            status.put("code", decision.code());
            status.put("reason", decision.code() == 403 ? "Forbidden" : "InternalError");
            status.put("message", decision.message());
        }
        if (!decision.warnings().isEmpty()) {
            ArrayNode warnings = response.putArray("warnings");
            decision.warnings().forEach(warnings::add);
        }
        try {
            return mapper.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an AdmissionReview: " + e.getMessage(), e);
        }
    }

    /** A plain JSON error body for requests that are not AdmissionReviews (answered with HTTP 400). */
    byte[] error(String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", message);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
