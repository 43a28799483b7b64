package io.taskgrid.api.task;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a task asks of the agent it runs on ({@code submit --cpus 4 --memory 2G}), or what an agent offers: CPUs and
 * memory. Placement keeps the sum of the requests of what runs on an agent within what the agent offers; the agent
 * stops a task that uses more memory than it asked for.
 *
 * @param cpus        CPUs, at least 1
 * @param memoryBytes memory in bytes; 0 asks for none in particular (the task is not stopped for its memory)
 */
public record Resources(int cpus, long memoryBytes) implements Serializable {
    /** What a task asks for when it says nothing: one CPU, no memory in particular. */
    public static final Resources DEFAULT = new Resources(1, 0);
    /** Most CPUs one task may ask for. */
    public static final int MAX_CPUS = 4096;
    /** Least memory a request may name: below it no program starts. */
    public static final long MIN_MEMORY = 1L << 20;
    /** Most memory a request may name (64 TB). */
    public static final long MAX_MEMORY = 1L << 46;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(?:\\.(\\d{1,3}))?\\s*([kmgt]?)(?:i?b)?");

    public Resources {
        Optional<String> problem = problem(cpus, memoryBytes);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** A request of {@code cpus} CPUs and {@code memoryBytes} (0 for none). */
    public static Resources of(int cpus, long memoryBytes) {
        return cpus == 1 && memoryBytes == 0 ? DEFAULT : new Resources(cpus, memoryBytes);
    }

    /** Why these figures are not a request, as a sentence naming the fix; empty when they are one. */
    public static Optional<String> problem(int cpus, long memoryBytes) {
        if (cpus < 1 || cpus > MAX_CPUS) {
            return Optional.of("A task asks for 1 to " + MAX_CPUS + " CPUs, not " + cpus + "; give --cpus 1 or more.");
        }
        if (memoryBytes != 0 && (memoryBytes < MIN_MEMORY || memoryBytes > MAX_MEMORY)) {
            return Optional.of("A memory request is between 1M and 64T, not " + memoryBytes + " bytes; give --memory such as 512M or 2G.");
        }
        return Optional.empty();
    }

    /** Whether it asks for a memory bound. */
    public boolean hasMemory() {
        return memoryBytes > 0;
    }

    /** Whether it asks for more than one CPU or for memory. */
    public boolean beyondDefault() {
        return cpus != 1 || memoryBytes != 0;
    }

    /**
     * A size as people write it: {@code 512M}, {@code 2G}, {@code 1.5G}, {@code 2GiB}, {@code 1048576} (bytes); the
     * multiples are binary (1K = 1024 bytes), as {@code free -h} and cgroups count.
     *
     * @throws IllegalArgumentException with a sentence naming the fix
     */
    public static long parseMemory(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The memory request is empty; give a size such as 512M or 2G.");
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + shorten(text) + "' is not a size; give a number and a unit such as 512M,"
                    + " 2G or 1.5G (K, M, G, T).");
        }
        int shift = switch (m.group(3)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long whole = Long.parseLong(m.group(1));
        String fraction = m.group(2);
        if (whole > (MAX_MEMORY >> shift) + 1) {
            throw new IllegalArgumentException("The memory request " + shorten(text) + " is more than 64T; give a smaller size.");
        }
        long bytes = whole << shift;
        if (fraction != null) {
            if (shift == 0) {
                throw new IllegalArgumentException("'" + text + "' names part of a byte; give whole bytes or a unit such as 1.5G.");
            }
            bytes += (long) (Double.parseDouble("0." + fraction) * (1L << shift));
        }
        if (bytes < MIN_MEMORY || bytes > MAX_MEMORY) {
            throw new IllegalArgumentException("A memory request is between 1M and 64T, not " + shorten(text)
                    + "; give a size such as 512M or 2G.");
        }
        return bytes;
    }

    /** {@code 512M}, {@code 2G}, {@code 1.5G}: the shortest form {@link #parseMemory} reads back to about the same size. */
    public static String formatMemory(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value == Math.rint(value)) {
            return (long) value + units[unit];
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    /** In words, as {@code show} prints it: "1 CPU", "4 CPUs, 2G of memory". */
    public String inWords() {
        String c = cpus + (cpus == 1 ? " CPU" : " CPUs");
        return hasMemory() ? c + ", " + formatMemory(memoryBytes) + " of memory" : c;
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
