package dev.palisade.engine;

/**
 * What a template reports: the field path of the offending field (or the object's own path "") and a message.
 * {@code lowerBy} steps the check's severity down for a narrower reach (an RBAC grant limited to one namespace or to
 * named objects); {@code exemptedBy} carries the reason when the user's configuration allow-lists the finding, which
 * is then reported as exempted, never dropped.
 */
public record Violation(String path, String message, int lowerBy, String exemptedBy) {

    public Violation {
        if (lowerBy < 0) {
            throw new IllegalArgumentException("lowerBy must not be negative");
        }
    }

    public Violation(String path, String message) {
        this(path, message, 0, null);
    }
}
