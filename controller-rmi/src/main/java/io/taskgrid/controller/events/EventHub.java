package io.taskgrid.controller.events;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Numbers every event with a global sequence, keeps the last ones in a ring for clients that pull
 * ({@link #events}), and hands each to every push subscriber's own bounded queue. Publishing never waits
 * for a client.
 */
public final class EventHub implements AutoCloseable {
    public static final int DEFAULT_RING = 10_000;
    public static final int DEFAULT_CLIENT_QUEUE = 10_000;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final int MAX_PULL = 5_000;

    private final Clock clock;
    private final ExecutorService senders;
    private final int clientQueue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private final GridEvent[] ring;
    private long lastSequence;
    private boolean closed;
    private final Map<String, CallbackSender> subscribers = new ConcurrentHashMap<>();
    private final List<BiConsumer<AgentEvent.Kind, AgentInfo>> agentListeners = new CopyOnWriteArrayList<>();

    /**
     * @param senders runs each push subscriber's sender while it has events; owned by the caller, and it
     *                must not bound its threads below the number of clients (a blocked client holds one)
     */
    public EventHub(Clock clock, ExecutorService senders, int ringSize, int clientQueue) {
        this.clock = clock;
        this.senders = senders;
        this.ring = new GridEvent[ringSize];
        this.clientQueue = clientQueue;
    }

    public long publishTask(TaskRecord task) {
        TaskRecord light = task.withoutOutput();
        return publish(seq -> new TaskEvent(seq, clock.instant(), light));
    }

    public long publishTasks(List<TaskRecord> tasks) {
        long last = 0;
        for (TaskRecord t : tasks) {
            last = publishTask(t);
        }
        return last;
    }

    public long publishAgent(AgentEvent.Kind kind, AgentInfo agent) {
        long seq = publish(seq2 -> new AgentEvent(seq2, clock.instant(), kind, agent));
        for (BiConsumer<AgentEvent.Kind, AgentInfo> l : agentListeners) {
            l.accept(kind, agent);
        }
        return seq;
    }

    /**
     * Tells {@code listener} of every agent event, on the publishing thread (often the scheduler's) after the event
     * was published: it must return at once. Agent events come about once a second per agent, never per task.
     */
    public void onAgentEvent(BiConsumer<AgentEvent.Kind, AgentInfo> listener) {
        agentListeners.add(listener);
    }

    public long publishClient(ClientEvent.Kind kind, ClientInfo client) {
        return publish(seq -> new ClientEvent(seq, clock.instant(), kind, client));
    }

    private long publish(LongFunction<GridEvent> factory) {
        List<CallbackSender> toStart = new ArrayList<>();
        long seq;
        lock.lock();
        try {
            if (closed) {
                return lastSequence;
            }
            seq = ++lastSequence;
            GridEvent event = factory.apply(seq);
            ring[(int) (seq % ring.length)] = event;
            published.signalAll();
            for (CallbackSender s : subscribers.values()) {
                if (s.offer(event)) {
                    toStart.add(s);
                }
            }
        } finally {
            lock.unlock();
        }
        for (CallbackSender s : toStart) {
            s.start(senders);
        }
        return seq;
    }

    /** The sequence of the newest event, 0 before the first. */
    public long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Events after {@code after}, waiting up to {@code maxWait} (capped at 30 s) for the first. {@code after} 0
     * means "from now". {@code missed} is set when events after {@code after} were already dropped from the
     * ring, or when {@code after} is ahead of this controller (it restarted).
     */
    public EventBatch events(long after, Duration maxWait) throws InterruptedException {
        return events(after, maxWait, true);
    }

    /**
     * Events after {@code after} without waiting, where 0 means from the first event still kept (not "from now"): for a
     * reader inside the controller that follows every event from a sequence it took before ({@link #lastSequence}),
     * the first of a new controller included. {@code missed} as for {@link #events}.
     */
    public EventBatch eventsSince(long after) {
        try {
            return events(Math.max(0, after), Duration.ZERO, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("Never waits, so never interrupted", e);
        }
    }

    private EventBatch events(long after, Duration maxWait, boolean zeroIsNow) throws InterruptedException {
        long waitNanos = maxWait == null || maxWait.isNegative() ? 0 : Math.min(maxWait.toNanos(), MAX_WAIT.toNanos());
        lock.lock();
        try {
            boolean missed = false;
            if (after <= 0 && zeroIsNow) {
                after = lastSequence;
            } else if (after > lastSequence) {
                missed = true;
                after = lastSequence;
            }
            while (lastSequence <= after && waitNanos > 0 && !closed) {
                waitNanos = published.awaitNanos(waitNanos);
            }
            long firstKept = Math.max(1, lastSequence - ring.length + 1);
            if (after + 1 < firstKept) {
                missed = true;
                after = firstKept - 1;
            }
            List<GridEvent> out = new ArrayList<>();
            for (long s = after + 1; s <= lastSequence && out.size() < MAX_PULL; s++) {
                out.add(ring[(int) (s % ring.length)]);
            }
            long last = out.isEmpty() ? after : out.get(out.size() - 1).sequence();
            return new EventBatch(out, last, missed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pushes every later event to {@code callback} from a queue of its own.
     *
     * @param onDrop called (on a sender thread) with a sentence when the client is dropped: its queue
     *               overflowed or its callback failed three times in a row
     */
    public void subscribe(String clientId, ClientCallback callback, Consumer<String> onDrop) {
        subscribers.put(clientId, new CallbackSender(clientId, callback, clientQueue, onDrop));
    }

    public void unsubscribe(String clientId) {
        CallbackSender s = subscribers.remove(clientId);
        if (s != null) {
            s.stop();
        }
    }

    /** Wakes long-polling callers and stops every sender; the executor belongs to the caller. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            published.signalAll();
        } finally {
            lock.unlock();
        }
        subscribers.values().forEach(CallbackSender::stop);
        subscribers.clear();
    }

    /** Shuts an executor down and waits a little for it, as every owner here does. */
    public static void shutdown(ExecutorService executor, Duration wait) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
