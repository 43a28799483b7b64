package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a task's detail shows of its files: the result folder as an absolute path (and whether it can be opened on this
 * machine), and the program's text with a sentence on where it comes from. Reads the disk: call it off the FX thread.
 */
final class TaskFiles {
    /** The most of a program's text shown. */
    static final int MAX_SOURCE_BYTES = 512 * 1024;

    /**
     * @param resultFolder  the result folder as an absolute path ("" when the task has none, or it is withheld)
     * @param resultHere    that folder on this machine, or {@code null} when it cannot be opened here
     * @param resultProblem why it cannot be opened here, or "" when it can
     * @param source        the program's text, or "" when it cannot be shown
     * @param sourceNote    where the text comes from, or why it is not shown
     */
    record Seen(String resultFolder, Path resultHere, String resultProblem, String source, String sourceNote) {
        static final Seen NOTHING = new Seen("", null, "", "", "");
    }

    private TaskFiles() {
    }

    /** The program known here (see {@link RunAgain#program}). */
    static Seen look(TaskRecord t, SharedFolder shared, Optional<ProgramSource> program) {
        return look(t, shared, program, "");
    }

    /**
     * @param program the program as known here or handed out by the controller
     * @param refused why the controller did not hand an inline program out, or ""
     */
    static Seen look(TaskRecord t, SharedFolder shared, Optional<ProgramSource> program, String refused) {
        String result = t.outputWithheld() ? "" : shared.absolute(t.resultPath());
        Path here = t.outputWithheld() ? null : shared.folderHere(t.resultPath()).orElse(null);
        String problem = here != null ? "" : t.outputWithheld() ? "Its results are " + DetailView.withheld(t) + "."
                : shared.whyNotHere(t.resultPath());
        String source;
        String note;
        if (program.isPresent() && program.get().isInline()) {
            source = text(program.get().inlineContent());
            note = "Sent inline as " + program.get().fileName() + ": the text the task ran.";
        } else if (RunAgain.inline(t)) {
            source = "";
            note = "An inline program sent from " + (t.clientHost() == null ? "another window" : t.clientHost())
                    + (refused.isEmpty() ? "." : "; the controller did not hand its text out: " + refused);
        } else {
            Optional<Path> file = shared.here(t.program()).filter(Files::isRegularFile);
            source = file.map(TaskFiles::read).orElse("");
            note = file.isPresent()
                    ? "As " + file.get() + " reads now: the controller does not keep a copy, so it may have changed since the task ran."
                    : "The program is " + shared.absolute(t.program()) + " on the shared folder, which "
                    + (shared.local() == null ? "is not mounted on this machine." : "no longer has it.");
        }
        return new Seen(result, here, problem, source, note);
    }

    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_SOURCE_BYTES + 1);
            if (bytes.length <= MAX_SOURCE_BYTES) {
                return text(bytes);
            }
            // Cut where a character may be split: decoded leniently.
            return new String(Arrays.copyOf(bytes, MAX_SOURCE_BYTES), StandardCharsets.UTF_8)
                    + "\n… (only the first " + MAX_SOURCE_BYTES / 1024 + " KB are shown)";
        } catch (IOException e) {
            return "";
        }
    }

    /** UTF-8 text, or a sentence for a binary program. */
    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "(a binary program of " + Formats.bytes(bytes.length) + ")";
        }
    }
}
