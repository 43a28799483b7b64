package io.taskgrid.agent.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unprivileged account an agent's programs run as ({@code agent --run-as USER}), so that a task cannot read the
 * agent's keys: the agent starts each program through {@code setpriv --reuid --regid --init-groups}, which needs
 * root (or CAP_SETUID and CAP_SETGID).
 *
 * @param user    the account's name
 * @param uid     its user id
 * @param gid     its primary group id
 * @param home    its home folder, the programs' HOME
 * @param setpriv the {@code setpriv} command that switches to it
 */
public record RunAs(String user, int uid, int gid, Path home, Path setpriv) {
    private static final long CAP_SETGID = 1L << 6;
    private static final long CAP_SETUID = 1L << 7;

    public RunAs {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(setpriv, "setpriv");
    }

    /** Sets a submitter's variables once the account is the program's: {@code env} of coreutils, by its fixed path. */
    static final Path ENV = Path.of("/usr/bin/env");

    /**
     * The command that runs {@code command} as this account, with its groups, killed when the agent dies. The
     * submitter's {@code variables} are set by {@code env} after the switch, never in setpriv's own environment:
     * setpriv starts as root, and LD_PRELOAD, GCONV_PATH or GLIBC_TUNABLES there would run the submitter's code as root.
     */
    List<String> wrap(List<String> command, Map<String, String> variables) {
        List<String> wrapped = new java.util.ArrayList<>(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid,
                "--init-groups", "--pdeathsig", "KILL", "--"));
        if (!variables.isEmpty()) {
            wrapped.add(ENV.toString());
            variables.forEach((name, value) -> wrapped.add(name + "=" + value));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Gives {@code path} (never what a link there points to) to this account: the work folder, so that the program can
     * write in it, and what was staged there, so that it can read and run it.
     */
    void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** {@link #own} for {@code root} and everything under it, links not followed. */
    void ownTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                own(p);
            }
        }
    }

    /**
     * Makes sure this account can reach {@code folder} (each folder above it lets it pass: x for others, or for its
     * owner or group when those are the account's), so that a program finds its work folder and its data by their
     * absolute paths.
     *
     * @throws IllegalArgumentException naming the folder to open up
     */
    void checkReachable(Path folder) throws IOException {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid");
            int mode = (Integer) a.get("mode");
            boolean passes = (mode & 0001) != 0
                    || ((Integer) a.get("uid") == uid && (mode & 0100) != 0)
                    || ((Integer) a.get("gid") == gid && (mode & 0010) != 0);
            if (!passes) {
                throw new IllegalArgumentException("The account " + user + " given with --run-as cannot reach " + p
                        + ", which holds the agent's work folder " + folder + "; allow it through (chmod o+x " + p
                        + ") or give a --work-dir it can reach.");
            }
        }
    }

    /**
     * Looks {@code user} up ({@code getent passwd}) and checks that this agent may switch to it.
     *
     * @throws IllegalArgumentException with a sentence naming the fix when it cannot
     */
    public static RunAs resolve(String user, Optional<Path> setpriv) {
        if (setpriv.isEmpty()) {
            throw new IllegalArgumentException("--run-as needs the setpriv command (util-linux), which is not on the PATH;"
                    + " install util-linux or start the agent without --run-as.");
        }
        if (!user.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}")) {
            throw new IllegalArgumentException("--run-as '" + user + "' is not an account name; give the name of an"
                    + " existing unprivileged account.");
        }
        String entry = passwdEntry(user).orElseThrow(() -> new IllegalArgumentException("There is no account '" + user
                + "' on this machine; create it (useradd --system --no-create-home " + user + ") or give another --run-as."));
        String[] fields = entry.split(":", -1);
        if (fields.length < 7) {
            throw new IllegalArgumentException("The account entry of '" + user + "' cannot be read (" + entry + ").");
        }
        int uid = Integer.parseInt(fields[2]);
        int gid = Integer.parseInt(fields[3]);
        if (uid == 0) {
            throw new IllegalArgumentException("--run-as " + user + " names root; give an unprivileged account, or leave"
                    + " --run-as out.");
        }
        if (!maySwitchUser()) {
            throw new IllegalArgumentException("--run-as " + user + " needs an agent that runs as root (or with CAP_SETUID"
                    + " and CAP_SETGID), and this one does not; start it as root, or leave --run-as out.");
        }
        return new RunAs(fields[0], uid, gid, Path.of(fields[5].isEmpty() ? "/" : fields[5]), setpriv.get());
    }

    private static Optional<String> passwdEntry(String user) {
        try {
            Process getent = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
            String out = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!getent.waitFor(10, TimeUnit.SECONDS)) {
                getent.destroyForcibly();
                return Optional.empty();
            }
            return getent.exitValue() == 0 && !out.isEmpty() ? Optional.of(out.lines().findFirst().orElseThrow())
                    : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("The account '" + user + "' cannot be looked up (getent: " + e.getMessage()
                    + "); check that getent is installed.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether this process runs as root, or holds CAP_SETUID and CAP_SETGID (Linux). */
    static boolean maySwitchUser() {
        try {
            return maySwitchUser(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The same, from the lines of a /proc/PID/status. */
    static boolean maySwitchUser(List<String> status) {
        for (String line : status) {
            if (line.startsWith("Uid:") && line.substring(4).trim().split("\\s+")[1].equals("0")) {
                return true; // the effective uid
            }
            if (line.startsWith("CapEff:")) {
                long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                if ((caps & (CAP_SETUID | CAP_SETGID)) == (CAP_SETUID | CAP_SETGID)) {
                    return true;
                }
            }
        }
        return false;
    }
}
