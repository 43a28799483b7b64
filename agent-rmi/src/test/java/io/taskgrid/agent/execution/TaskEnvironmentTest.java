package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskEnvironmentTest {
    @Test
    void theSubmittersVariablesMayReplaceTheBaseButNeverTheTasksOwn() {
        Map<String, String> submitted = new LinkedHashMap<>();
        submitted.put("PATH", "/opt/tool/bin:/usr/bin");
        submitted.put("TASKGRID_TASK_ID", "999");
        submitted.put("TASKGRID_SHARED", "/elsewhere");
        submitted.put("1BAD", "x");
        submitted.put("MODE", "fast");
        Map<String, String> extra = TaskEnvironment.forTask(submitted, Map.of("TASKGRID_TASK_ID", "7"));
        assertEquals(Map.of("PATH", "/opt/tool/bin:/usr/bin", "MODE", "fast", "TASKGRID_TASK_ID", "7"), extra);
    }

    @Test
    void aRunAsAccountGivesItsOwnNameAndHome() {
        RunAs account = new RunAs("worker", 1234, 1234, Path.of("/var/lib/worker"), Path.of("/usr/bin/setpriv"));
        TaskEnvironment env = new TaskEnvironment(Map.of("HOME", "/root", "USER", "root", "LC_ALL", "C"),
                Optional.of(account), "root");
        assertEquals("/var/lib/worker", env.base().get("HOME"));
        assertEquals("worker", env.base().get("USER"));
        assertEquals("worker", env.base().get("LOGNAME"));
        assertEquals("C", env.base().get("LC_ALL"));
        assertFalse(env.base().containsKey("TZ"));
    }

    @Test
    void namesAreThoseAShellCanUse() {
        assertTrue(TaskEnvironment.isName("_A1"));
        assertFalse(TaskEnvironment.isName("A-B"));
        assertFalse(TaskEnvironment.isName("9A"));
        assertFalse(TaskEnvironment.isName(""));
    }
}
