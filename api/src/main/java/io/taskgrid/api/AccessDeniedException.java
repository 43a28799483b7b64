package io.taskgrid.api;

/** The caller (by address, credentials or role) may not do what it asked. */
public class AccessDeniedException extends TaskGridException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
