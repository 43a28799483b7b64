package io.taskgrid.launcher;

import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.UserStore;
import io.taskgrid.policy.users.UsersFileException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

/**
 * When a controller asks for a log-in: always once the users file holds someone; with nobody in it only a
 * controller that listens on loopback may run (without log-in, and it says so); one reachable from other
 * machines refuses to start until an administrator is added.
 */
final class Logins {
    static final String USERS_FILE = "users";

    private Logins() {
    }

    static UserStore store(Path file, CommandSpec spec) {
        try {
            return new UserStore(file);
        } catch (UsersFileException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static boolean required(UserStore users, RmiTransport transport, CommandSpec spec) {
        boolean empty;
        try {
            empty = users.isEmpty();
        } catch (UsersFileException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!empty) {
            return true;
        }
        if (transport.reachableFromOtherHosts()) {
            throw new ParameterException(spec.commandLine(), "This controller accepts other machines but " + users.file()
                    + " has no users yet, so nobody could log in. Add an administrator first: taskgrid user add NAME --admin --users "
                    + users.file());
        }
        return false;
    }
}
