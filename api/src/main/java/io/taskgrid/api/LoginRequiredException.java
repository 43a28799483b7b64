package io.taskgrid.api;

/** The controller asks for a password and the client gave none: ask the person for it and try again. */
public class LoginRequiredException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    public LoginRequiredException(String message) {
        super(message);
    }
}
