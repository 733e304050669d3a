package io.streamtune.localstack;

import java.io.IOException;

/** A server did not come up: its port was taken, it exited, or it was not ready in time. The message says which. */
public final class ServerStartException extends IOException {

    private static final long serialVersionUID = 1L;

    public ServerStartException(String message) {
        super(message);
    }
}
