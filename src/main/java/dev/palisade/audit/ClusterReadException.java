package dev.palisade.audit;

/** The cluster could not be read whole: nothing is judged or written from a partial read. */
public final class ClusterReadException extends RuntimeException {
    public ClusterReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
