package io.taskgrid.agent.execution;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The agent's CPUs, held by the tasks that run: a task that asks for N CPUs starts only once N are free, and the
 * tasks held ahead start in the order they were accepted; none overtakes another (a waiting 4-CPU task is not passed by
 * later 1-CPU ones, which would starve it). It starts nothing itself: each call returns what may start now, which the
 * caller hands to its threads, and the CPUs of each stay held until {@link #release}.
 *
 * <p>Thread-safe; every call is short and never blocks.
 *
 * @param <T> what waits: a task's execution
 */
final class CpuGate<T> {
    private record Waiting<T>(T item, int cpus) {
    }

    private final int total;
    private int free;                                          // guarded by this
    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>(); // guarded by this
    private boolean closed;                                    // guarded by this

    /** @param total the CPUs the agent offers (its slots), at least 1 */
    CpuGate(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("An agent offers at least 1 CPU, not " + total + ".");
        }
        this.total = total;
        this.free = total;
    }

    int total() {
        return total;
    }

    /** Whether a task asking for {@code cpus} can ever run here. */
    boolean fits(int cpus) {
        return cpus >= 1 && cpus <= total;
    }

    /**
     * Queues {@code item}, which asks for {@code cpus}; returns what may start now (the item itself when its CPUs are
     * free and nothing waits before it), in the order accepted. Nothing once closed.
     *
     * @throws IllegalArgumentException when it asks for more CPUs than there are ({@link #fits} first)
     */
    synchronized List<T> offer(T item, int cpus) {
        if (!fits(cpus)) {
            throw new IllegalArgumentException("A task asks for " + cpus + " CPUs; this agent has " + total + ".");
        }
        if (closed) {
            return List.of();
        }
        waiting.addLast(new Waiting<>(item, cpus));
        return admit();
    }

    /** A started item ended (or never ran): its CPUs are free again. Returns what may start now. */
    synchronized List<T> release(int cpus) {
        free = Math.min(total, free + cpus);
        return admit();
    }

    /**
     * Takes {@code item} off the queue if it waits (it never started): true then. Whatever waited behind it and now fits
     * goes to {@code nowStartable}.
     */
    synchronized boolean withdraw(T item, List<T> nowStartable) {
        for (Iterator<Waiting<T>> it = waiting.iterator(); it.hasNext(); ) {
            if (it.next().item() == item) {
                it.remove();
                nowStartable.addAll(admit());
                return true;
            }
        }
        return false;
    }

    /** Stops starting anything; returns what still waited, in the order accepted. Idempotent. */
    synchronized List<T> close() {
        closed = true;
        List<T> left = waiting.stream().map(Waiting::item).toList();
        waiting.clear();
        return left;
    }

    /** CPUs not held by a started task. */
    synchronized int free() {
        return free;
    }

    /** How many wait for their CPUs. */
    synchronized int waitingCount() {
        return waiting.size();
    }

    /** Starts from the head while the head fits: never one behind a head that does not. */
    private List<T> admit() {
        if (closed || waiting.isEmpty() || waiting.peekFirst().cpus() > free) {
            return List.of();
        }
        List<T> start = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peekFirst().cpus() <= free) {
            Waiting<T> head = waiting.removeFirst();
            free -= head.cpus();
            start.add(head.item());
        }
        return start;
    }
}
