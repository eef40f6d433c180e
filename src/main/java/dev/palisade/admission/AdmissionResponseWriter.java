package dev.palisade.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the AdmissionReview response the API server expects: same {@code apiVersion} and {@code kind} as the
 * request, {@code response.uid} equal to {@code request.uid}, {@code response.allowed}, and for a denial a
 * {@code response.status} with {@code code} and {@code message}. Streamed straight to bytes (no tree in between).
 */
final class AdmissionResponseWriter {
    /** Buffers shared across threads: every request (and so every log line) has a virtual thread of its own. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    /** The answer's bytes in one array sized for it: a denial's message and warnings run to some 5 KB. */
    Body write(String uid, AdmissionDecision decision) {
        int size = 160 + uid.length() + decision.message().length();
        for (String warning : decision.warnings()) {
            size += warning.length() + 4;
        }
        Body bytes = new Body(size + size / 8); // room for escapes and non-ASCII characters
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("apiVersion", AdmissionReviewReader.API_VERSION);
            json.writeStringField("kind", "AdmissionReview");
            json.writeObjectFieldStart("response");
            json.writeStringField("uid", uid);
            json.writeBooleanField("allowed", decision.allowed());
            if (!decision.allowed()) {
                json.writeObjectFieldStart("status");
                json.writeNumberField("code", decision.code());
                json.writeStringField("reason", decision.code() == 403 ? "Forbidden" : "InternalError");
                json.writeStringField("message", decision.message());
                json.writeEndObject();
            }
            if (!decision.warnings().isEmpty()) {
                json.writeArrayFieldStart("warnings");
                for (String warning : decision.warnings()) {
                    json.writeString(warning);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an AdmissionReview: " + e.getMessage(), e);
        }
        return bytes;
    }

    /** Bytes written once and sent from the array they were written to (no copy to an array of the exact length). */
    static final class Body extends ByteArrayOutputStream {
        Body(int size) {
            super(size);
        }

        /** The bytes: the first {@link #size()} of this array. */
        byte[] array() {
            return buf;
        }
    }

    /** A plain JSON error body for requests that are not AdmissionReviews (answered with HTTP 400). */
    byte[] error(String message) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
