package io.taskgrid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap of another JVM after a full GC, through {@code jcmd PID GC.run} and {@code GC.heap_info}: the sum of what each
 * heap or generation uses (G1 prints one heap; the serial and parallel collectors print a young and an old generation,
 * and only the first line counted would be the young one, empty after a full GC). Metaspace is not heap.
 */
final class Jcmd {
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    static double heapAfterGcMegabytes(long pid) {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        long kilobytes = 0;
        boolean found = false;
        while (m.find()) {
            kilobytes += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new BenchException("jcmd GC.heap_info printed no heap use: " + info);
        }
        return kilobytes / 1024.0;
    }

    private static String run(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new BenchException("Cannot run " + jcmd + " (a JDK, not a JRE, is needed): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted while running jcmd", e);
        }
    }
}
