package io.taskgrid.policy.users;

/** The users file is missing where it must exist, unreadable, unwritable or malformed (line named). */
public class UsersFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsersFileException(String message) {
        super(message);
    }

    public UsersFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
