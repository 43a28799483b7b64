package io.taskgrid.policy.rules;

import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleFileTest {
    @TempDir
    Path temp;


    private static void write(Path file, String content, long modifiedSecond) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedSecond * 1000));
    }

    @Test
    void aChangedFileTakesEffectWithoutARestart() throws Exception {
        Path file = temp.resolve("clients.rules");
        write(file, "allow 127.0.0.0/8\n", 1);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        RuleFile rules = new RuleFile(file, clock, Duration.ofSeconds(1));
        InetAddress office = InetAddress.getByName("192.0.2.10");
        assertFalse(rules.check(office).allowed());

        write(file, "allow 127.0.0.0/8\nallow 192.0.2.0/24\n", 2);
        clock.advance(Duration.ofSeconds(2));
        assertTrue(rules.check(office).allowed());
    }

    @Test
    void aBrokenEditKeepsTheRulesReadBefore() throws Exception {
        Path file = temp.resolve("agents.rules");
        write(file, "allow 192.0.2.0/24\n", 1);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        RuleFile rules = new RuleFile(file, clock, Duration.ofSeconds(1));
        write(file, "allow 192.0.2.0/24\nallow everything\n", 2);
        clock.advance(Duration.ofSeconds(2));
        assertTrue(rules.check(InetAddress.getByName("192.0.2.10")).allowed());
    }

    @Test
    void aMalformedFileIsRefusedAtStart() throws Exception {
        Path file = temp.resolve("bad.rules");
        write(file, "allow 300.1.1.1\n", 1);
        var e = assertThrows(RuleFileException.class, () -> new RuleFile(file, Clock.systemUTC(), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        var missing = assertThrows(RuleFileException.class,
                () -> new RuleFile(temp.resolve("none.rules"), Clock.systemUTC(), Duration.ofSeconds(1)));
        assertTrue(missing.getMessage().contains("Cannot read the rule file"), missing.getMessage());
    }
}
