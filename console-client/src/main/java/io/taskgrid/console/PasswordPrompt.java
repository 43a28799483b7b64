package io.taskgrid.console;

/** Asks the person at the terminal for a password, without echo; {@code null} where nobody can be asked. */
@FunctionalInterface
public interface PasswordPrompt {
    char[] ask(String question);

    /** Nobody to ask (scripts, tests). */
    static PasswordPrompt none() {
        return question -> null;
    }

    /** The process's terminal ({@code System.console().readPassword}); none when there is no terminal. */
    static PasswordPrompt terminal() {
        return question -> System.console() == null ? null : System.console().readPassword("%s", question);
    }
}
