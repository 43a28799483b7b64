package io.taskgrid.controller.scheduling;

import java.util.function.LongConsumer;

/**
 * What acts on a whole task array ({@code taskgrid cancel 42} for array 42): each member the scheduler still holds, from
 * the last index to the first, so that cancelling one never lets a later one in through the array's limit first.
 * Scheduler thread; who may ask is checked by the caller.
 */
final class ArrayControls {
    private final Pool pool;
    private final Cancels cancels;
    private final QueueControls controls;

    ArrayControls(Pool pool, Cancels cancels, QueueControls controls) {
        this.pool = pool;
        this.cancels = cancels;
        this.controls = controls;
    }

    /** Cancels every member of array {@code arrayId} (of {@code size} members) that has not ended; how many it asked. */
    int cancel(long arrayId, int size) {
        return eachMember(arrayId, size, id -> cancels.cancel(pool.jobs.get(id)));
    }

    /** Holds every member that waits (queued, or waiting for its turn); those on agents go on. */
    int hold(long arrayId, int size, String by) {
        return eachMember(arrayId, size, id -> controls.hold(id, by));
    }

    /** Releases every held member. */
    int release(long arrayId, int size) {
        return eachMember(arrayId, size, controls::release);
    }

    private int eachMember(long arrayId, int size, LongConsumer action) {
        int n = 0;
        for (long id = arrayId + size - 1; id >= arrayId; id--) {
            Job j = pool.jobs.get(id);
            if (j != null && j.record.arrayId() != null && j.record.arrayId() == arrayId) {
                action.accept(id);
                n++;
            }
        }
        return n;
    }
}
