package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Finding 2 of issue 18: a task's program sees a clean, documented environment, never the agent's secrets. */
class TaskEnvironmentIT {
    @TempDir
    Path shared;
    @TempDir
    Path work;

    private final CompletableFuture<TaskOutcome> finished = new CompletableFuture<>();
    private TaskRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private TaskOutcome runEnv(ExecutionSettings settings) throws Exception {
        return runEnv(settings, Map.of());
    }

    private TaskOutcome runEnv(ExecutionSettings settings, Map<String, String> submitted) throws Exception {
        Runtimes runtimes = new RuntimeDetector().detect();
        runner = new TaskRunner(settings, runtimes, new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                finished.complete(outcome);
            }
        }, Clock.systemUTC());
        runner.execute(new TaskAssignment(7, 1, 1L, "env", null,
                ProgramSource.inline("env.sh", "env\n".getBytes(StandardCharsets.UTF_8)), Language.SHELL, List.of(), null, null,
                submitted));
        TaskOutcome o = finished.get(60, TimeUnit.SECONDS);
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message() + " " + o.errorOutput());
        return o;
    }

    private static Map<String, String> parse(String env) {
        Map<String, String> variables = new TreeMap<>();
        for (String line : env.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                variables.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return variables;
    }

    private ExecutionSettings settings() {
        return new ExecutionSettings("agent-env", "localhost", 1, new SharedRoot(shared), work.resolve("tasks"),
                1024 * 1024, RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"), RuntimeDetector.onPath("setpriv"));
    }

    /** The documented names, plus PWD and SHLVL, which the shell running env.sh sets itself. */
    private static final Set<String> DOCUMENTED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME",
            "TASKGRID_TASK_ID", "TASKGRID_ATTEMPT", "TASKGRID_SHARED", "TASKGRID_GUARD", "PWD", "SHLVL", "_", "OLDPWD");

    @Test
    void aTaskSeesOnlyTheDocumentedVariablesOfTheAgentsEnvironment() throws Exception {
        Map<String, String> seen = parse(runEnv(settings()).output());
        Set<String> extra = new java.util.TreeSet<>(seen.keySet());
        extra.removeAll(DOCUMENTED);
        assertEquals(Set.of(), extra, "variables of the agent that reached the task");
        assertEquals("7", seen.get("TASKGRID_TASK_ID"));
        assertFalse(seen.getOrDefault("PATH", "").isEmpty(), "a task gets a PATH");
    }

    @Test
    void theAgentsSecretsNeverReachATaskAndItGetsExactlyTheDocumentedNames() throws Exception {
        Map<String, String> agent = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/agent", "LANG", "de_DE.UTF-8",
                "USER", "agent", "TASKGRID_TLS_PASSWORD", "tls-s3cret", "TASKGRID_PASSWORD", "login-s3cret",
                "TASKGRID_KEYSTORE", "/etc/taskgrid/agent.p12", "SMTP_PASSWORD", "mail-s3cret", "AWS_SECRET_ACCESS_KEY", "aws-s3cret");
        String output = runEnv(settings().withAgentEnvironment(agent)).output();
        assertFalse(output.contains("s3cret"), output);
        assertFalse(output.contains("agent.p12"), output);
        Map<String, String> seen = parse(output);
        seen.keySet().removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD")); // the shell's own
        seen.keySet().remove("TASKGRID_GUARD"); // the orphan guard's mark, where the guard runs
        assertEquals(Set.of("PATH", "HOME", "LANG", "USER", "LOGNAME", "TASKGRID_TASK_ID", "TASKGRID_ATTEMPT", "TASKGRID_SHARED"),
                seen.keySet(), output);
        assertEquals("/home/agent", seen.get("HOME"));
        assertEquals("de_DE.UTF-8", seen.get("LANG"));
        assertEquals("agent", seen.get("LOGNAME"));
    }

    @Test
    void anAgentWithAnEmptyEnvironmentGivesItsTasksASafePathAndLanguage() throws Exception {
        Map<String, String> seen = parse(runEnv(settings().withAgentEnvironment(Map.of())).output());
        assertEquals(TaskEnvironment.DEFAULT_PATH, seen.get("PATH"));
        assertEquals(TaskEnvironment.DEFAULT_LANG, seen.get("LANG"));
        assertEquals(System.getProperty("user.name"), seen.get("USER"));
    }

    @Test
    void theSubmittersVariablesReachTheProgramAndMayReplacePathButNeverTheTasksOwn() throws Exception {
        Map<String, String> submitted = new java.util.LinkedHashMap<>();
        submitted.put("MODE", "fast and = sure");
        submitted.put("PATH", "/opt/tool/bin:/usr/bin:/bin");
        submitted.put("TASKGRID_TASK_ID", "999");
        Map<String, String> seen = parse(runEnv(settings().withAgentEnvironment(Map.of("PATH", "/usr/bin:/bin")), submitted).output());
        assertEquals("fast and = sure", seen.get("MODE"));
        assertEquals("/opt/tool/bin:/usr/bin:/bin", seen.get("PATH"));
        assertEquals("7", seen.get("TASKGRID_TASK_ID"));
    }
}
