package io.taskgrid.agent.execution;

import io.taskgrid.api.task.Language;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCacheTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPassIsRememberedForTheSameLanguageRuntimeAndBytesOnly() {
        CheckCache cache = new CheckCache(10);
        CheckCache.Key key = CheckCache.key(Language.SHELL, "/bin/sh", bytes("echo hi\n"));
        assertFalse(cache.hasPassed(key));
        cache.recordPass(key);
        assertTrue(cache.hasPassed(CheckCache.key(Language.SHELL, "/bin/sh", bytes("echo hi\n"))));
        assertFalse(cache.hasPassed(CheckCache.key(Language.SHELL, "/bin/sh", bytes("echo hi \n"))), "one byte changed");
        assertFalse(cache.hasPassed(CheckCache.key(Language.BASH, "/bin/sh", bytes("echo hi\n"))), "another language");
        assertFalse(cache.hasPassed(CheckCache.key(Language.SHELL, "/usr/bin/dash", bytes("echo hi\n"))), "another runtime");
    }

    @Test
    void theKeyIsTheSha256OfTheBytes() {
        CheckCache.Key key = CheckCache.key(Language.PYTHON, "python3", bytes("abc"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", key.sha256());
        assertNotEquals(key, CheckCache.key(Language.PYTHON, "python3", bytes("abd")));
    }

    @Test
    void itHoldsAtMostItsCapacityAndDropsTheLeastRecentlyUsed() {
        CheckCache cache = new CheckCache(2);
        CheckCache.Key a = CheckCache.key(Language.SHELL, "sh", bytes("a"));
        CheckCache.Key b = CheckCache.key(Language.SHELL, "sh", bytes("b"));
        CheckCache.Key c = CheckCache.key(Language.SHELL, "sh", bytes("c"));
        cache.recordPass(a);
        cache.recordPass(b);
        assertTrue(cache.hasPassed(a)); // a is now the most recently used
        cache.recordPass(c);
        assertEquals(2, cache.size());
        assertTrue(cache.hasPassed(a));
        assertFalse(cache.hasPassed(b), "b was the least recently used");
        assertTrue(cache.hasPassed(c));
    }

    @Test
    void aCacheWithoutRoomIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CheckCache(0));
    }
}
