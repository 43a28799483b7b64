package io.taskgrid.api;

/** A request whose content cannot be accepted; the message names the field and the fix. */
public class InvalidRequestException extends TaskGridException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
