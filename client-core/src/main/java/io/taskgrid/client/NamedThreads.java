package io.taskgrid.client;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads with a name, so that a thread dump says whose they are and they never keep the JVM up. */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** Threads named {@code name}, then {@code name-2}, {@code name-3}, … */
    public static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            int n = count.incrementAndGet();
            Thread t = new Thread(runnable, n == 1 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }
}
