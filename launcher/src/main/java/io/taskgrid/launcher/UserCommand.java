package io.taskgrid.launcher;

import io.taskgrid.policy.users.Role;
import io.taskgrid.policy.users.User;
import io.taskgrid.policy.users.UserStore;
import io.taskgrid.policy.users.UsersFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * {@code taskgrid user add|remove|passwd|list}: manages the controller's users file on the controller's host. A
 * running controller picks up the change at the next log-in. Passwords come from the terminal (asked twice,
 * without echo) or from {@code TASKGRID_PASSWORD} for scripts.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Manages the users who may log in to the controller (run it on the controller's host).",
                "Example: taskgrid user add alice --admin --users /var/lib/taskgrid/users"})
final class UserCommand {
    static final String PASSWORD_VARIABLE = "TASKGRID_PASSWORD";

    /** The {@code user} command with its subcommands. */
    static picocli.CommandLine commandLine(Context context) {
        picocli.CommandLine cl = new picocli.CommandLine(new UserCommand());
        cl.addSubcommand(new Add(context));
        cl.addSubcommand(new Remove(context));
        cl.addSubcommand(new Passwd(context));
        cl.addSubcommand(new ListUsers(context));
        return cl;
    }

    /** What the user commands take from the process: the data folder, variables and the terminal. */
    record Context(ServerEnvironment environment, Function<String, char[]> terminal) {
    }

    /** The {@code --users} option every subcommand shares. */
    abstract static class Base {
        @Spec
        CommandSpec spec;

        @Option(names = "--users", paramLabel = "FILE", description = "The users file (default: DATA-DIR/users, ~/.local/share/taskgrid/users).")
        Path users;

        final Context context;

        Base(Context context) {
            this.context = context;
        }

        UserStore store() {
            return Logins.store(users != null ? users : context.environment().defaultDataDir().resolve(Logins.USERS_FILE), spec);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        char[] newPassword(String name) {
            String fromEnv = context.environment().variable(PASSWORD_VARIABLE);
            char[] password = fromEnv != null ? fromEnv.toCharArray() : askTwice(name);
            if (password.length < 8) {
                Arrays.fill(password, '\0');
                throw new ParameterException(spec.commandLine(), "A password needs at least 8 characters; nothing was changed.");
            }
            return password;
        }

        private char[] askTwice(String name) {
            char[] first = context.terminal().apply("New password for " + name + ": ");
            if (first == null) {
                throw new ParameterException(spec.commandLine(), "No terminal to ask for the password; set TASKGRID_PASSWORD for scripts.");
            }
            char[] second = context.terminal().apply("The same password again: ");
            try {
                if (second == null || !Arrays.equals(first, second)) {
                    Arrays.fill(first, '\0');
                    throw new ParameterException(spec.commandLine(), "The two passwords differ; nothing was changed. Run the command again.");
                }
                return first;
            } finally {
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }

        ParameterException problem(UsersFileException e) {
            return new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user (asks for the password).")
    static final class Add extends Base implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Letters, digits, '.', '_' and '-'.")
        String name;

        @Option(names = "--admin", description = "May use the admin commands (clients, agents, users).")
        boolean admin;

        Add(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            UserStore store = store();
            try {
                if (store.users().stream().anyMatch(u -> u.name().equals(name))) {
                    throw new ParameterException(spec.commandLine(), "User " + name + " already exists; change the password with"
                            + " `taskgrid user passwd " + name + "` or remove the user first.");
                }
                char[] password = newPassword(name);
                store.put(name, admin ? Role.ADMIN : Role.USER, password);
                Arrays.fill(password, '\0');
            } catch (UsersFileException e) {
                throw problem(e);
            }
            out().printf("Added %s %s to %s.%n", admin ? "administrator" : "user", name, store.file().toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Sets a user's password (asks for it).")
    static final class Passwd extends Base implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        Passwd(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            UserStore store = store();
            try {
                User user = store.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow(() ->
                        new ParameterException(spec.commandLine(), "There is no user " + name + " in " + store.file() + "; add one with `taskgrid user add`."));
                char[] password = newPassword(name);
                store.put(name, user.role(), password);
                Arrays.fill(password, '\0');
            } catch (UsersFileException e) {
                throw problem(e);
            }
            out().printf("Changed the password of %s.%n", name);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user.")
    static final class Remove extends Base implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        Remove(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            UserStore store = store();
            try {
                if (!store.remove(name)) {
                    throw new ParameterException(spec.commandLine(), "There is no user " + name + " in " + store.file() + ".");
                }
            } catch (UsersFileException e) {
                throw problem(e);
            }
            out().printf("Removed %s; sessions already open stay until they end.%n", name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users and their roles.")
    static final class ListUsers extends Base implements java.util.concurrent.Callable<Integer> {
        ListUsers(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            UserStore store = store();
            try {
                for (User u : store.users()) {
                    out().printf("%-20s %s%n", u.name(), u.isAdmin() ? "admin" : "user");
                }
                if (store.users().isEmpty()) {
                    out().printf("No users in %s yet; add one with `taskgrid user add NAME --admin`.%n", store.file().toAbsolutePath());
                }
            } catch (UsersFileException e) {
                throw problem(e);
            }
            return 0;
        }
    }
}
