package io.taskgrid.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory of this host, which an agent offers by default ({@code taskgrid agent --memory}). */
public final class HostMemory {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private HostMemory() {
    }

    /** MemTotal of /proc/meminfo in bytes; 0 where it cannot be read (the agent then says nothing of its memory). */
    public static long totalBytes() {
        try {
            return totalBytes(Files.readString(MEMINFO, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return 0;
        }
    }

    /** MemTotal of a /proc/meminfo text, in bytes; 0 without one. */
    static long totalBytes(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    long kib = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? kib * 1024 : kib;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
