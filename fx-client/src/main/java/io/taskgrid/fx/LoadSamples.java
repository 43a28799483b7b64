package io.taskgrid.fx;

/**
 * One agent's recent load: a ring of the last {@link #CAPACITY} samples (time, CPU load, running tasks) in primitive
 * arrays, about five minutes at one heartbeat a second. The oldest sample is overwritten; nothing is boxed. Used on
 * the FX thread only.
 */
final class LoadSamples {
    /** Samples kept per agent: five minutes of heartbeats, one a second. */
    static final int CAPACITY = 300;
    private final long[] at;
    private final float[] cpu;
    private final short[] running;
    private int next;
    private int size;

    LoadSamples() {
        this(CAPACITY);
    }

    LoadSamples(int capacity) {
        at = new long[capacity];
        cpu = new float[capacity];
        running = new short[capacity];
    }

    /**
     * Adds a sample; a sample older than the newest one is ignored (events come in order; a reload may repeat one).
     *
     * @param cpuLoad between 0 and 1, negative when unknown
     */
    void add(long atMillis, double cpuLoad, int runningTasks) {
        if (size > 0 && atMillis < timeAt(size - 1)) {
            return;
        }
        at[next] = atMillis;
        cpu[next] = (float) cpuLoad;
        running[next] = (short) Math.min(Short.MAX_VALUE, Math.max(0, runningTasks));
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    int size() {
        return size;
    }

    int capacity() {
        return at.length;
    }

    /** Index 0 is the oldest sample kept, {@code size() - 1} the newest. */
    long timeAt(int i) {
        return at[slot(i)];
    }

    double cpuAt(int i) {
        return cpu[slot(i)];
    }

    int runningAt(int i) {
        return running[slot(i)];
    }

    /** The highest CPU load of the samples taken at or after {@code fromMillis}; negative when none is known. */
    double maxCpuSince(long fromMillis) {
        double max = -1;
        for (int i = size - 1; i >= 0 && timeAt(i) >= fromMillis; i--) {
            max = Math.max(max, cpuAt(i));
        }
        return max;
    }

    /** The most tasks running at once in the samples taken at or after {@code fromMillis}; 0 when none. */
    int maxRunningSince(long fromMillis) {
        int max = 0;
        for (int i = size - 1; i >= 0 && timeAt(i) >= fromMillis; i--) {
            max = Math.max(max, runningAt(i));
        }
        return max;
    }

    private int slot(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Sample " + i + " of " + size);
        }
        return Math.floorMod(next - size + i, at.length);
    }
}
