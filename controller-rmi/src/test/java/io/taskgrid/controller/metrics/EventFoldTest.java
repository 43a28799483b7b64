package io.taskgrid.controller.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFoldTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventFold fold = new EventFold(registry);
    private long seq;

    @Test
    void countsASubmissionItsWaitItsRunAndItsEnd() {
        fold.seed(List.of(), 0, List.of());
        task(1, TaskState.QUEUED, null, null);
        task(2, TaskState.QUEUED, null, null);
        assertLine("taskgrid_tasks{state=\"queued\"} 2.0");
        assertLine("taskgrid_queued_tasks{language=\"python\"} 2.0");
        task(1, TaskState.RUNNING, T0.plusSeconds(3), null);
        task(1, TaskState.RUNNING, T0.plusSeconds(3), null); // progress: the same again
        assertLine("taskgrid_tasks{state=\"running\"} 1.0");
        assertLine("taskgrid_queued_tasks{language=\"python\"} 1.0");
        assertLine("taskgrid_task_wait_seconds_count 1");
        assertLine("taskgrid_task_wait_seconds_bucket{le=\"5.0\"} 1");
        task(1, TaskState.SUCCEEDED, T0.plusSeconds(3), T0.plusSeconds(10));
        task(1, TaskState.SUCCEEDED, T0.plusSeconds(3), T0.plusSeconds(10)); // announced twice: counted once
        assertLine("taskgrid_tasks_submitted_total 2.0");
        assertLine("taskgrid_tasks_ended_total{state=\"succeeded\"} 1.0");
        assertLine("taskgrid_task_run_seconds_count{state=\"succeeded\"} 1");
        assertLine("taskgrid_tasks{state=\"running\"} 0.0");
    }

    @Test
    void followsAgentsAndForgetsThoseLost() {
        fold.seed(List.of(), 0, List.of());
        AgentInfo a = new AgentInfo("a1", "h", 4, 2, 0.1, List.of(), 0, T0, T0, true);
        fold.apply(new AgentEvent(++seq, T0, AgentEvent.Kind.JOINED, a));
        assertLine("taskgrid_agents_connected 1.0");
        assertLine("taskgrid_agent_running_tasks{agent=\"a1\"} 2.0");
        fold.apply(new AgentEvent(++seq, T0, AgentEvent.Kind.LOST, a));
        assertLine("taskgrid_agents_connected 0.0");
        assertLine("taskgrid_agents_lost_total 1.0");
        assertTrue(!registry.scrape().contains("agent=\"a1\""), registry.scrape());
    }

    private void task(long id, TaskState state, Instant started, Instant ended) {
        TaskRecord t = TaskRecord.builder().id(id).project("p").program("x.py").language(Language.PYTHON).state(state)
                .submittedAt(T0).startedAt(started).endedAt(ended).attempt(1).build();
        fold.apply(new TaskEvent(++seq, T0, t));
    }

    private void assertLine(String line) {
        String text = registry.scrape();
        assertTrue(text.lines().anyMatch(l -> l.equals(line)), line + " in\n" + text);
    }
}
