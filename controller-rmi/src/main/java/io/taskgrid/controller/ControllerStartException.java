package io.taskgrid.controller;

/** The controller could not start; the message is a sentence naming the problem and the fix. */
public class ControllerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControllerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
