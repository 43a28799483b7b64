package io.taskgrid.fx;

import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers events from any thread and hands them to the window at most once per interval, one batch at a
 * time: the next batch waits until the window has applied the previous one. Within a batch only the latest
 * state of each task and agent is kept, so thousands of events a second become a few hundred row updates.
 */
final class EventCoalescer {
    private final ScheduledExecutorService timer;
    private final long intervalMillis;
    private final Executor ui;
    private final Consumer<List<GridEvent>> sink;
    private final Object lock = new Object();
    private List<GridEvent> pending = new ArrayList<>();
    private boolean busy;

    EventCoalescer(ScheduledExecutorService timer, Duration interval, Executor ui, Consumer<List<GridEvent>> sink) {
        this.timer = timer;
        this.intervalMillis = interval.toMillis();
        this.ui = ui;
        this.sink = sink;
    }

    void add(List<GridEvent> events) {
        synchronized (lock) {
            pending.addAll(events);
            if (busy) {
                return;
            }
            busy = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            timer.schedule(this::flush, intervalMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                busy = false;
            }
        }
    }

    private void flush() {
        List<GridEvent> batch;
        synchronized (lock) {
            batch = pending;
            pending = new ArrayList<>();
        }
        ui.execute(() -> {
            try {
                sink.accept(latestOnly(batch));
            } finally {
                boolean more;
                synchronized (lock) {
                    more = !pending.isEmpty();
                    busy = more;
                }
                if (more) {
                    schedule();
                }
            }
        });
    }

    /** Keeps order, but only the last event of each task and of each agent. */
    static List<GridEvent> latestOnly(List<GridEvent> events) {
        Map<Object, GridEvent> latest = new LinkedHashMap<>();
        int other = 0;
        for (GridEvent e : events) {
            Object key;
            if (e instanceof TaskEvent t) {
                key = "t" + t.task().id();
            } else if (e instanceof AgentEvent a) {
                key = "a" + a.agent().id();
            } else {
                key = other++;
            }
            latest.remove(key);
            latest.put(key, e);
        }
        return new ArrayList<>(latest.values());
    }
}
