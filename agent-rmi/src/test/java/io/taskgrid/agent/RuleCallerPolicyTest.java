package io.taskgrid.agent;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.policy.rules.RuleFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleCallerPolicyTest {
    @TempDir
    Path dir;

    @Test
    void refusesACallerItsRulesDoNotAllowNamingTheAddressAndTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.rules"), "allow 127.0.0.0/8\nallow 10.20.0.1/32\n");
        CallerPolicy policy = CallerPolicy.rules(new RuleFile(file, Clock.systemUTC(), Duration.ZERO));
        assertDoesNotThrow(() -> policy.check("10.20.0.1", "execute"));
        assertDoesNotThrow(() -> policy.check("local", "execute"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.check("10.20.0.9", "cancel"));
        assertTrue(e.getMessage().contains("10.20.0.9") && e.getMessage().contains(file.toString())
                && e.getMessage().contains("default deny"), e.getMessage());
    }
}
