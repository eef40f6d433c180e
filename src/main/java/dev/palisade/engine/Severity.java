package dev.palisade.engine;

import java.util.Locale;

/** How bad a finding is, lowest first. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown severity \"" + text + "\": expected critical, high, medium, low or info");
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** This severity {@code steps} levels lower, never below info. */
    public Severity lowered(int steps) {
        return values()[Math.max(0, ordinal() - steps)];
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
