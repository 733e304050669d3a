package io.streamtune.client;

/**
 * The registry answered with an error, or could not be reached, after the retries {@link RegistryClient} makes.
 * {@link #status()} is the HTTP status (0 when there was no answer), {@link #code()} the problem's {@code code} field
 * when the body was {@code application/problem+json}.
 */
public class RegistryException extends RuntimeException {

    private final int status;
    private final String code;

    public RegistryException(String message, int status, String code, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The problem's {@code code} ({@code not_found}, ...), or null. */
    public String code() {
        return code;
    }

    /** The registry does not know the model (or the version): a 404 that is not "no champion yet". */
    public static final class NotFound extends RegistryException {
        public NotFound(String message, String code) {
            super(message, 404, code, null);
        }
    }
}
