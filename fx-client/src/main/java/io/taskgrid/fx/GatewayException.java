package io.taskgrid.fx;

/**
 * A call to the controller failed; the message is a sentence for the status bar or a dialog. {@link #lost()}
 * tells a lost connection (reconnect) from a refused request (show it and go on).
 */
final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean lost;

    GatewayException(String message, boolean lost, Throwable cause) {
        super(message, cause);
        this.lost = lost;
    }

    static GatewayException refused(String message, Throwable cause) {
        return new GatewayException(message, false, cause);
    }

    boolean lost() {
        return lost;
    }
}
