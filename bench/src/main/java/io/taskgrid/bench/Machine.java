package io.taskgrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A few lines that say what machine the figures come from. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal").map(l -> l.replaceAll("\\D+", "")).map(k -> (Long.parseLong(k) / 1024 / 1024) + " GiB").orElse("unknown");
        return "- " + Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + cpu + ", " + mem + " RAM\n"
                + "- " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch") + "\n"
                + "- Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")\n"
                + "- A shared, noisy VM: compare only figures from the same run.\n";
    }

    private static java.util.Optional<String> firstMatch(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
