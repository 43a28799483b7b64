package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.NamedThreads;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A history in memory and a real event hub for scheduler tests, and the scheduler under test; {@link #close} stops all. */
final class SchedulerFixture implements AutoCloseable {
    final InMemoryHistory store;
    final EventHub hub;
    private final ExecutorService senders;
    private Scheduler scheduler;

    SchedulerFixture() {
        this(new InMemoryHistory());
    }

    /** Over an existing history: a controller that starts again. */
    SchedulerFixture(InMemoryHistory store) {
        this.store = store;
        senders = Executors.newCachedThreadPool(NamedThreads.numbered("test-sender"));
        hub = new EventHub(Clock.systemUTC(), senders, 10_000, 10_000);
    }

    /** A scheduler on the system clock with a 30 s heartbeat timeout. */
    Scheduler start(int maxProcesses) {
        return start(Clock.systemUTC(), maxProcesses, Duration.ofSeconds(30));
    }

    /** A new scheduler over the same history (a restart when the previous one was closed). */
    Scheduler start(Clock clock, int maxProcesses, Duration heartbeatTimeout) {
        scheduler = new Scheduler(store, hub, clock, maxProcesses, heartbeatTimeout, (id, token) -> { });
        return scheduler;
    }

    /** A new scheduler that shares the pool between users as {@code fairShare} says. */
    Scheduler start(Clock clock, int maxProcesses, FairShare fairShare) {
        scheduler = new Scheduler(store, hub, clock, maxProcesses, Duration.ofSeconds(30), Leases.NONE, fairShare,
                (id, token) -> { }, r -> { });
        return scheduler;
    }

    /** A new scheduler whose agents hold their running attempts under {@code leases}. */
    Scheduler start(Clock clock, int maxProcesses, Duration heartbeatTimeout, Leases leases) {
        scheduler = new Scheduler(store, hub, clock, maxProcesses, heartbeatTimeout, leases, (id, token) -> { }, r -> { });
        return scheduler;
    }

    /** A new scheduler that tells {@code ended} of every task that reached a final state (the mail reports' hook). */
    Scheduler start(Clock clock, int maxProcesses, Duration heartbeatTimeout, java.util.function.Consumer<TaskRecord> ended) {
        scheduler = new Scheduler(store, hub, clock, maxProcesses, heartbeatTimeout, Leases.NONE, (id, token) -> { }, ended);
        return scheduler;
    }

    /** Persists one queued task of {@code user} with a priority that is retried as {@code retry} says, and hands it over. */
    TaskRecord submitRetried(String user, int priority, io.taskgrid.api.task.RetryPolicy retry) {
        TaskRecord draft = TaskRecord.builder().project("p").program("x").language(Language.PYTHON).state(TaskState.QUEUED)
                .submittedAt(Instant.now()).attempt(1).clientUser(user).priority(priority).retry(retry).build();
        List<ProgramSource> programs = List.of(ProgramSource.shared("x"));
        List<TaskRecord> saved = store.insertAll(List.of(draft), programs);
        scheduler.submit(saved, programs);
        return saved.get(0);
    }

    /** Persists {@code n} queued tasks of {@code language} and hands them to the scheduler. */
    List<TaskRecord> submit(int n, Language language) {
        return submitAs(null, n, language, 0);
    }

    /** Persists {@code n} queued tasks of {@code language} that require {@code requirements}, and hands them over. */
    List<TaskRecord> submit(int n, Language language, Requirements requirements) {
        return submitAs(null, n, language, 0, requirements);
    }

    /** Persists {@code n} queued tasks of {@code user} with a priority and hands them to the scheduler. */
    List<TaskRecord> submitAs(String user, int n, Language language, int priority) {
        return submitAs(user, n, language, priority, Requirements.NONE);
    }

    private List<TaskRecord> submitAs(String user, int n, Language language, int priority, Requirements requirements) {
        return submitAs(user, n, language, priority, requirements, Resources.DEFAULT);
    }

    /** Persists {@code n} queued tasks of {@code language} that ask for {@code resources}, and hands them over. */
    List<TaskRecord> submit(int n, Language language, Resources resources) {
        return submitAs(null, n, language, 0, Requirements.NONE, resources);
    }

    private List<TaskRecord> submitAs(String user, int n, Language language, int priority, Requirements requirements,
                                      Resources resources) {
        List<TaskRecord> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drafts.add(TaskRecord.builder().project("p").program("x").language(language).state(TaskState.QUEUED)
                    .submittedAt(Instant.now()).attempt(1).clientUser(user).priority(priority).requirements(requirements)
                    .resources(resources).build());
        }
        List<ProgramSource> programs = Collections.nCopies(n, ProgramSource.shared("x"));
        List<TaskRecord> saved = store.insertAll(drafts, programs);
        scheduler.submit(saved, programs);
        return saved;
    }

    /** The next {@code n} tasks the agent got, waiting up to 5 s for each. */
    static List<TaskAssignment> take(RecordingAgent agent, int n) throws InterruptedException {
        List<TaskAssignment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TaskAssignment a = agent.executed.poll(5, TimeUnit.SECONDS);
            assertNotNull(a, "the agent got only " + out.size() + " of " + n + " tasks");
            out.add(a);
        }
        return out;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        hub.close();
        EventHub.shutdown(senders, Duration.ofSeconds(2));
    }
}
