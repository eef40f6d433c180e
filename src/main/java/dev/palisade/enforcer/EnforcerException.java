package dev.palisade.enforcer;

/** A failure of the enforcer that the user can act on; its message says what failed, where, and what to do. */
public final class EnforcerException extends RuntimeException {
    public EnforcerException(String message) {
        super(message);
    }

    public EnforcerException(String message, Throwable cause) {
        super(message, cause);
    }
}
