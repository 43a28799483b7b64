package io.taskgrid.console;

import picocli.CommandLine;

/** A task id from the command line, refused in words when it is not one ("'abc' is not a long" said nothing useful). */
final class TaskIdConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            long id = Long.parseLong(value.strip());
            if (id < 1) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a task id: ids start at 1 (see `taskgrid history`).");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a task id: task ids are whole numbers like 42"
                    + " (see `taskgrid history`).");
        }
    }
}
