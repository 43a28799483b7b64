package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task as a person names it on the command line: {@code 42} (a task, or the whole array whose id it is) or
 * {@code 42.7} (index 7 of array 42). Read here, resolved against the controller by {@link Targets}.
 *
 * @param id    the task or array id
 * @param index the index in array {@code id}, or {@code null} for a plain id
 */
record TaskRef(long id, Integer index) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,18})(?:\\.(\\d{1,9}))?");

    TaskRef {
        if (id < 1) {
            throw new InputRefusedException("'" + id + "' is not a task id: ids start at 1 (see `taskgrid history`).");
        }
    }

    /** Reads {@code 42} or {@code 42.7}; anything else is refused with a sentence that shows both forms. */
    static TaskRef parse(String word) {
        String w = word == null ? "" : word.strip();
        Matcher m = FORM.matcher(w);
        if (!m.matches()) {
            throw new InputRefusedException("'" + word + "' is not a task id: write a whole number like 42, or ARRAY.INDEX"
                    + " like 42.7 for a member of an array (see `taskgrid history`).");
        }
        long id = Long.parseLong(m.group(1));
        if (id < 1) {
            throw new InputRefusedException("'" + word + "' is not a task id: ids start at 1 (see `taskgrid history`).");
        }
        return new TaskRef(id, m.group(2) == null ? null : Integer.valueOf(m.group(2)));
    }

    /** Whether it names a member of an array by its index. */
    boolean member() {
        return index != null;
    }

    @Override
    public String toString() {
        return index == null ? Long.toString(id) : id + "." + index;
    }

    /** Reads a task reference for picocli, whose usage error then carries the sentence. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<TaskRef> {
        @Override
        public TaskRef convert(String value) {
            try {
                return parse(value);
            } catch (InputRefusedException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
