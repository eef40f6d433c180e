package dev.palisade.admission;

import java.util.Locale;

/**
 * What the webhook does with a finding, as Pod Security Admission's modes: {@code enforce} denies the request,
 * {@code warn} allows it and returns a warning the client shows, {@code audit} allows it silently and only logs and
 * counts it, {@code off} ignores it. Ordered weakest first.
 */
public enum Mode {
    OFF, AUDIT, WARN, ENFORCE;

    private final String label = name().toLowerCase(Locale.ROOT);

    public static Mode parse(String text, String where) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": unknown mode \"" + text + "\": expected enforce, warn, audit or off");
        }
    }

    public String label() {
        return label;
    }
}
