package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolViewModelTest {
    private final FakeGateway controller = new FakeGateway();
    private final PoolViewModel pool = new PoolViewModel(() -> controller, new Background(Runnable::run, Runnable::run));

    PoolViewModelTest() {
        controller.agents.add(new AgentInfo("agent-1", "h1", 2, 0, 0.1, List.of(), 0, Instant.EPOCH, Instant.EPOCH, true));
        pool.reload();
    }

    @Test
    void drainAndResumeShowTheAgentsNewState() {
        pool.drain("agent-1", "maintenance");
        assertTrue(pool.agents().get(0).draining());
        assertEquals("drained: maintenance", pool.agents().get(0).availability());
        pool.resume("agent-1");
        assertFalse(pool.agents().get(0).draining());
        assertEquals("", pool.errorProperty().get());
    }

    @Test
    void aNonAdministratorIsToldTheControllersRefusal() {
        controller.refusal = "Only an administrator may drain an agent.";
        pool.drain("agent-1", "maintenance");
        assertEquals("Only an administrator may drain an agent.", pool.errorProperty().get());
        assertFalse(pool.agents().get(0).draining());
    }
}
