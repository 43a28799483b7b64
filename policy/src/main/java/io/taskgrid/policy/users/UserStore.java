package io.taskgrid.policy.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The users file: one user a line, {@code NAME:ROLE:pbkdf2-sha256:ITERATIONS:SALT:HASH}, comments with
 * {@code #}. Re-read when it changes on disk, so {@code taskgrid user add} takes effect on a running
 * controller; written atomically and readable by its owner only.
 */
public final class UserStore {
    private static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";

    private final Path file;
    private final SecureRandom random;
    private final int iterations;
    private Map<String, Entry> users = Map.of();
    private FileTime loadedModified;

    private record Entry(User user, PasswordHash hash) {
    }

    public UserStore(Path file) throws UsersFileException {
        this(file, new SecureRandom(), PasswordHash.DEFAULT_ITERATIONS);
    }

    UserStore(Path file, SecureRandom random, int iterations) throws UsersFileException {
        this.file = file;
        this.random = random;
        this.iterations = iterations;
        reloadIfChanged();
    }

    public Path file() {
        return file;
    }

    /** The user when the name exists and the password matches; empty otherwise (never says which). */
    public synchronized Optional<User> authenticate(String name, char[] password) throws UsersFileException {
        reloadIfChanged();
        Entry entry = users.get(name);
        if (entry == null) {
            // Same work as a real check, so that timing does not tell which names exist.
            PasswordHash.create(password, random, iterations);
            return Optional.empty();
        }
        return entry.hash().matches(password) ? Optional.of(entry.user()) : Optional.empty();
    }

    public synchronized List<User> users() throws UsersFileException {
        reloadIfChanged();
        return users.values().stream().map(Entry::user).toList();
    }

    public synchronized boolean isEmpty() throws UsersFileException {
        reloadIfChanged();
        return users.isEmpty();
    }

    /** Adds a user, or replaces the password and role of an existing one. */
    public synchronized void put(String name, Role role, char[] password) throws UsersFileException {
        checkName(name);
        if (password.length < 8) {
            throw new UsersFileException("A password needs at least 8 characters.");
        }
        reloadIfChanged();
        Map<String, Entry> next = new LinkedHashMap<>(users);
        next.put(name, new Entry(new User(name, role), PasswordHash.create(password, random, iterations)));
        write(next);
    }

    /** @return false when there was no such user */
    public synchronized boolean remove(String name) throws UsersFileException {
        reloadIfChanged();
        if (!users.containsKey(name)) {
            return false;
        }
        Map<String, Entry> next = new LinkedHashMap<>(users);
        next.remove(name);
        write(next);
        return true;
    }

    private static void checkName(String name) throws UsersFileException {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new UsersFileException("'" + name + "' is not a user name; use letters, digits, '.', '_' and '-' (at most 64).");
        }
    }

    private void reloadIfChanged() throws UsersFileException {
        if (!Files.exists(file)) {
            users = Map.of();
            loadedModified = null;
            return;
        }
        FileTime modified;
        List<String> lines;
        try {
            modified = Files.getLastModifiedTime(file);
            if (modified.equals(loadedModified)) {
                return;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsersFileException("Cannot read the users file " + file + " (" + e.getMessage() + ").", e);
        }
        Map<String, Entry> read = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 3);
            String where = "Users file " + file + ", line " + (i + 1) + ": ";
            if (parts.length != 3) {
                throw new UsersFileException(where + "a user reads NAME:ROLE:HASH; manage the file with `taskgrid user add`.");
            }
            if (!parts[0].matches(NAME_PATTERN)) {
                throw new UsersFileException(where + "'" + parts[0] + "' is not a user name.");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsersFileException(where + "'" + parts[1] + "' is not a role; use user or admin.");
            }
            try {
                read.put(parts[0], new Entry(new User(parts[0], role), PasswordHash.decode(parts[2])));
            } catch (IllegalArgumentException e) {
                throw new UsersFileException(where + e.getMessage() + ".");
            }
        }
        users = Map.copyOf(read);
        loadedModified = modified;
    }

    private void write(Map<String, Entry> next) throws UsersFileException {
        List<String> lines = new ArrayList<>();
        lines.add("# TaskGrid users: NAME:ROLE:HASH. Manage with `taskgrid user add|remove|passwd`.");
        for (Entry e : next.values()) {
            lines.add(e.user().name() + ":" + e.user().role().name().toLowerCase(Locale.ROOT) + ":" + e.hash().encode());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".users", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UsersFileException("Cannot write the users file " + file + " (" + e.getMessage() + ").", e);
        }
        users = Map.copyOf(next);
        try {
            loadedModified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            loadedModified = null;
        }
    }
}
