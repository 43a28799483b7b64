package io.taskgrid.agent.execution;

import io.taskgrid.api.task.Language;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Programs that already passed their syntax check on this agent, so that running the same program again
 * costs one process start instead of two. Keyed by language, the runtime command that checked it and the
 * SHA-256 of the staged bytes: a changed program, or a different interpreter, is checked again. Only passes
 * are kept (a failure's report names the work folder it ran in, and failing again is cheap enough), and at
 * most {@code capacity} of them, least recently used first out. Safe for the slot threads to share.
 */
final class CheckCache {
    static final int DEFAULT_CAPACITY = 4096;

    /** What a check depends on. */
    record Key(Language language, String runtimeCommand, String sha256) {
    }

    private final Map<Key, Boolean> passed;

    CheckCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The check cache needs room for at least 1 program, not " + capacity + ".");
        }
        this.passed = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    static Key key(Language language, String runtimeCommand, byte[] program) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(program);
            return new Key(language, runtimeCommand, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    synchronized boolean hasPassed(Key key) {
        return passed.get(key) != null; // get, not containsKey: it counts as a use for the LRU order
    }

    synchronized void recordPass(Key key) {
        passed.put(key, Boolean.TRUE);
    }

    synchronized int size() {
        return passed.size();
    }
}
