package io.taskgrid.console;

import picocli.CommandLine;

import java.math.BigInteger;

/**
 * Whole numbers on the command line ({@code --limit}, {@code --priority}, {@code --port} …), refused in words:
 * picocli's own "'abc' is not an int" names a Java type, not what to write.
 */
final class WholeNumbers {
    private WholeNumbers() {
    }

    /** Registers the converters on {@code commandLine} and every subcommand it has now (not on ones added later). */
    static void registerOn(CommandLine commandLine) {
        CommandLine.ITypeConverter<Integer> ints = value -> (int) parse(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        CommandLine.ITypeConverter<Long> longs = value -> parse(value, Long.MIN_VALUE, Long.MAX_VALUE);
        commandLine.registerConverter(Integer.class, ints);
        commandLine.registerConverter(Integer.TYPE, ints);
        commandLine.registerConverter(Long.class, longs);
        commandLine.registerConverter(Long.TYPE, longs);
    }

    static long parse(String value, long min, long max) {
        String text = value.strip();
        if (!text.matches("[+-]?[0-9]+")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number; write one like 20.");
        }
        BigInteger number = new BigInteger(text);
        if (number.compareTo(BigInteger.valueOf(max)) > 0 || number.compareTo(BigInteger.valueOf(min)) < 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too " + (number.signum() > 0 ? "large" : "small")
                    + "; " + (number.signum() > 0 ? "at most " + max : "at least " + min) + ".");
        }
        return number.longValue();
    }
}
