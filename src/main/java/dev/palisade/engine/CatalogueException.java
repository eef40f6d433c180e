package dev.palisade.engine;

/** A problem in the catalogue or a user's configuration: a usage error that stops the run with exit code 2. */
public final class CatalogueException extends RuntimeException {
    public CatalogueException(String message) {
        super(message, null, false, false);
    }
}
