package io.taskgrid.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AgentIdentityTest {

    @Test
    void createsAUidOnceAndReadsItBack(@TempDir Path work) throws Exception {
        String first = AgentIdentity.resolve(null, work);
        UUID.fromString(first);
        assertEquals(first, AgentIdentity.resolve(null, work));
        assertEquals(first, Files.readString(work.resolve("agent-id")).strip());
    }

    @Test
    void aGivenIdWinsAndWritesNothing(@TempDir Path work) {
        assertEquals("lab-3", AgentIdentity.resolve("lab-3", work));
        assertFalse(Files.exists(work.resolve("agent-id")));
    }
}
