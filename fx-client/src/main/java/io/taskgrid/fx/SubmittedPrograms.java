package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The inline programs this window sent, by task id: the controller keeps an inline program's text but does not hand
 * it out to clients, so only what was sent from here can be shown in a task's detail and run again. Bounded (the
 * newest {@link #MAX_PROGRAMS}, at most {@link #MAX_BYTES} in all); used on the FX thread only.
 */
final class SubmittedPrograms {
    static final int MAX_PROGRAMS = 200;
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Map<Long, ProgramSource> programs = new LinkedHashMap<>();
    private long bytes;

    /** Remembers the program of a task sent from here; shared programs need no memory (they are on the shared folder). */
    void sent(long taskId, ProgramSource program) {
        if (!program.isInline()) {
            return;
        }
        ProgramSource was = programs.put(taskId, program);
        bytes += program.inlineContent().length - (was == null ? 0 : was.inlineContent().length);
        Iterator<ProgramSource> oldest = programs.values().iterator();
        while ((programs.size() > MAX_PROGRAMS || bytes > MAX_BYTES) && oldest.hasNext()) {
            bytes -= oldest.next().inlineContent().length;
            oldest.remove();
        }
    }

    Optional<ProgramSource> of(long taskId) {
        return Optional.ofNullable(programs.get(taskId));
    }
}
