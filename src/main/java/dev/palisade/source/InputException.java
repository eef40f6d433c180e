package dev.palisade.source;

/** Thrown while reading one document; carries the 1-based line of the problem (0 when unknown). */
final class InputException extends Exception {
    final int line;

    InputException(int line, String message) {
        super(message, null, false, false);
        this.line = line;
    }
}
