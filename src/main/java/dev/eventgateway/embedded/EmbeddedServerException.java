package dev.eventgateway.embedded;

/**
 * An embedded server could not be started or prepared: its process died during start-up, did not become ready in
 * time, its data directory is held by another live process, or the platform cannot run it (for example PostgreSQL
 * as root without user namespaces). The message names the server and, where there is one, carries the tail of its
 * log file, so it can be shown to an operator as it is.
 */
public final class EmbeddedServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, with the server's log tail where useful
     */
    public EmbeddedServerException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the server's log tail where useful
     * @param cause   the underlying failure
     */
    public EmbeddedServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
