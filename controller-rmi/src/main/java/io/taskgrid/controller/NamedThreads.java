package io.taskgrid.controller;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Gives threads a name that says who owns them ("taskgrid-scheduler", "taskgrid-callback-3"). */
public final class NamedThreads implements ThreadFactory {
    private final String name;
    private final boolean numbered;
    private final AtomicInteger next = new AtomicInteger(1);

    private NamedThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** One thread with exactly this name. */
    public static NamedThreads single(String name) {
        return new NamedThreads(name, false);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, … */
    public static NamedThreads numbered(String prefix) {
        return new NamedThreads(prefix, true);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, numbered ? name + "-" + next.getAndIncrement() : name);
        t.setDaemon(true);
        return t;
    }
}
