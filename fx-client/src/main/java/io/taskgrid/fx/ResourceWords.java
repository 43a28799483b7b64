package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;

import java.util.Optional;

/**
 * CPUs and memory in the window's words, the console's ({@code show}, {@code agents}): what a task asked for and the most
 * memory it used, what an agent's tasks hold of what it offers.
 */
final class ResourceWords {
    private ResourceWords() {
    }

    /** "4 CPUs, 2G of memory" for a task that asked for more than one CPU or for memory; empty for one that did not. */
    static Optional<String> asked(TaskRecord t) {
        return t.resources().beyondDefault() ? Optional.of(t.resources().inWords()) : Optional.empty();
    }

    /** "1.2 GB of the 2G it asked for", "1.2 GB" for a task that asked for no memory; empty before it was measured. */
    static Optional<String> peakMemory(TaskRecord t) {
        ResourceUsage u = t.usage();
        if (u == null || u.peakMemoryBytes() <= 0) {
            return Optional.empty();
        }
        String peak = Formats.bytes(u.peakMemoryBytes());
        return Optional.of(t.resources().hasMemory()
                ? peak + " of the " + Resources.formatMemory(t.resources().memoryBytes()) + " it asked for" : peak);
    }

    /**
     * For a task that is retried on failure, the console's words: "1 of 3 used; next attempt at 12:00:30
     * (exit code 75) (up to 3 retries, 30 s apart, on exit code 75)"; empty for one that is not.
     */
    static Optional<String> retries(TaskRecord t, Formats formats) {
        if (!t.retry().enabled()) {
            return Optional.empty();
        }
        String used = t.retriesUsed() + " of " + t.retry().retries() + " used";
        if (t.waitsToRetry()) {
            used += "; next attempt at " + formats.when(t.retryAt()) + (t.exitCode() == null ? "" : " (exit code " + t.exitCode() + ")");
        }
        return Optional.of(used + " (" + t.retry().inWords() + ")");
    }

    /** "5/8": CPUs its running tasks asked for, of those it offers. */
    static String cpus(AgentInfo a) {
        return a.cpusInUse() + "/" + a.slots();
    }

    /** "3G/8G": memory its running tasks asked for, of what it offers; "-" when it did not say. */
    static String memory(AgentInfo a) {
        return a.memoryBytes() == 0 ? "-" : Resources.formatMemory(a.memoryInUse()) + "/" + Resources.formatMemory(a.memoryBytes());
    }

    /** The CPU cell's tooltip: "5 of 8 CPUs asked for by 3 running tasks; 3 free." */
    static String cpusInWords(AgentInfo a) {
        String tasks = a.running() == 1 ? "1 running task" : a.running() + " running tasks";
        return a.cpusInUse() + " of " + a.slots() + (a.slots() == 1 ? " CPU" : " CPUs") + " held by " + tasks + "; "
                + a.cpusFree() + " free.";
    }
}
