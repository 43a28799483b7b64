package io.taskgrid.policy.users;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserStoreTest {
    @TempDir
    Path temp;

    /** Few iterations keep the unit test fast; the production default is checked separately. */
    private UserStore store(Path file) throws UsersFileException {
        return new UserStore(file, new SecureRandom(), 10_000);
    }

    @Test
    void aUserLogsInWithTheRightPasswordOnly() throws Exception {
        Path file = temp.resolve("users");
        UserStore users = store(file);
        users.put("ada", Role.ADMIN, "correct horse".toCharArray());
        assertEquals(Optional.of(new User("ada", Role.ADMIN)), users.authenticate("ada", "correct horse".toCharArray()));
        assertTrue(users.authenticate("ada", "wrong horse".toCharArray()).isEmpty());
        assertTrue(users.authenticate("bob", "correct horse".toCharArray()).isEmpty());
    }

    @Test
    void theFileHoldsSaltedHashesOnlyAndOnlyItsOwnerReadsIt() throws Exception {
        Path file = temp.resolve("users");
        UserStore users = store(file);
        users.put("ada", Role.USER, "same password".toCharArray());
        users.put("bob", Role.USER, "same password".toCharArray());
        String content = Files.readString(file);
        assertFalse(content.contains("same password"));
        String[] lines = content.lines().filter(l -> !l.startsWith("#")).toArray(String[]::new);
        assertNotEquals(lines[0].split(":", 3)[2], lines[1].split(":", 3)[2], "the same password hashes differently (salt)");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void changesByAnotherProcessAreSeenAndRemovalWorks() throws Exception {
        Path file = temp.resolve("users");
        UserStore controllerView = store(file);
        assertTrue(controllerView.isEmpty());
        UserStore adminTool = store(file);
        adminTool.put("ada", Role.USER, "first password".toCharArray());
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertTrue(controllerView.authenticate("ada", "first password".toCharArray()).isPresent());
        assertTrue(adminTool.remove("ada"));
        assertFalse(adminTool.remove("ada"));
    }

    @Test
    void badNamesShortPasswordsAndMalformedLinesAreRefusedWithTheLine() throws Exception {
        UserStore users = store(temp.resolve("users"));
        assertThrows(UsersFileException.class, () -> users.put("a b", Role.USER, "long enough".toCharArray()));
        var shortPassword = assertThrows(UsersFileException.class, () -> users.put("ada", Role.USER, "short".toCharArray()));
        assertTrue(shortPassword.getMessage().contains("8 characters"));

        Path broken = Files.writeString(temp.resolve("broken"), "# users\nada:superuser:pbkdf2-sha256:210000:AAAA:AAAA\n");
        var e = assertThrows(UsersFileException.class, () -> store(broken));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("not a role"), e.getMessage());
    }

    @Test
    void theDefaultHashIsSlowPbkdf2() {
        PasswordHash hash = PasswordHash.create("some password".toCharArray(), new SecureRandom(), PasswordHash.DEFAULT_ITERATIONS);
        assertTrue(hash.encode().startsWith("pbkdf2-sha256:210000:"));
        assertTrue(hash.matches("some password".toCharArray()));
        assertEquals(hash, hash);
    }
}
