package dev.palisade.admission;

/** A request body that is not a usable AdmissionReview; the message says what is wrong and is safe to return. */
final class MalformedReviewException extends Exception {
    private final String reason;

    /** @param reason a short metric label: body, json, depth, size, version, kind, request, uid, object */
    MalformedReviewException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
