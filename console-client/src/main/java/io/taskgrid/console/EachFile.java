package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The file of {@code submit --each}: one task per line, {@code PROGRAM [ARGS...]}. */
final class EachFile {
    /** Tasks per {@code submitAll} call: one transaction and one round trip each. */
    static final int BATCH = 1_000;
    static final int MAX_TASKS = 1_000_000;

    /** @param number the line's number in the file, from 1 */
    record Line(int number, String program, List<String> arguments) {
    }

    private EachFile() {
    }

    static List<Line> read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputRefusedException("The file " + file + " (--each) does not exist; give a file with one"
                    + " PROGRAM [ARGS...] per line.");
        } catch (MalformedInputException e) {
            throw new InputRefusedException("The file " + file + " (--each) is not UTF-8 text; give a text file with one"
                    + " PROGRAM [ARGS...] per line.");
        } catch (IOException e) {
            throw new InputRefusedException("Cannot read " + file + " (--each): " + e.getMessage() + ".");
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = Arrays.asList(line.split("\\s+"));
            lines.add(new Line(i + 1, words.get(0), List.copyOf(words.subList(1, words.size()))));
            if (lines.size() > MAX_TASKS) {
                throw new InputRefusedException("The file " + file + " (--each) holds more than " + MAX_TASKS
                        + " tasks; split it into several files.");
            }
        }
        if (lines.isEmpty()) {
            throw new InputRefusedException("The file " + file + " (--each) names no task; write one PROGRAM [ARGS...] per line.");
        }
        return lines;
    }

    /** "Submitted 3 tasks (ids 7–9) …" */
    static String summary(List<TaskRecord> tasks, int refused) {
        List<TaskRecord> accepted = tasks.stream().filter(t -> t.state() != TaskState.REJECTED).toList();
        if (accepted.isEmpty()) {
            return "No task was accepted; the controller refused all " + tasks.size() + " (reasons above).";
        }
        long first = accepted.get(0).id();
        long last = accepted.get(accepted.size() - 1).id();
        String ids = first == last ? "id " + first : "ids " + first + "–" + last;
        return "Submitted " + accepted.size() + (accepted.size() == 1 ? " task" : " tasks") + " (" + ids + ") for project "
                + accepted.get(0).project() + (refused > 0 ? "; " + refused + " refused (reasons above)" : "")
                + ". Follow them: taskgrid watch";
    }
}
