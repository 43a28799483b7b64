package io.taskgrid.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and how big a run is.
 *
 * @param repo        the repository root
 * @param work        scratch folder for this run's data, shared folders and logs
 * @param launcherLib launcher/target/lib (the product's class path, as bin/taskgrid uses it)
 * @param quick       smoke mode: small sizes, one run each
 * @param runs        repetitions of each measurement
 * @param extraServerJvmOpts more options for the controller and agent JVMs ({@code --server-jvm-opt}, e.g. JFR)
 * @param extraAgentArgs     more options for {@code taskgrid agent} ({@code --agent-arg}, e.g. {@code --queue-ahead=8})
 * @param warmUpTasks tasks run on each fresh end-to-end grid before anything is measured ({@code --warm-up})
 * @param extraWindowJvmOpts more options for the desktop scenario's window JVM ({@code --window-jvm-opt}, e.g. JFR)
 * @param extraControllerArgs more options for {@code taskgrid controller} ({@code --controller-arg}, e.g.
 *                           {@code --metrics-port=0} to weigh what the metrics cost)
 */
record Setup(Path repo, Path work, Path launcherLib, boolean quick, int runs, List<String> extraServerJvmOpts,
             List<String> extraAgentArgs, int warmUpTasks, List<String> extraWindowJvmOpts, List<String> extraControllerArgs) {
    /** The flags bin/taskgrid gives server JVMs (controller and agents); the ceiling uses them too. */
    static final List<String> SERVER_JVM_FLAGS = List.of("-Djdk.lang.Process.launchMechanism=VFORK", "-XX:+UseG1GC",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED");

    /**
     * The flags bin/taskgrid gives client commands, {@code taskgrid gui} among them (C1 only and the serial collector:
     * they are tuned for commands that start and end fast), without its class-data archive.
     */
    static final List<String> CLIENT_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED");

    int endToEndTasks() {
        return quick ? 60 : 2_000;
    }

    List<Integer> chartSizes() {
        return quick ? List.of(20, 60) : List.of(250, 500, 1_000, 2_000);
    }

    int submissionTasks() {
        return quick ? 200 : 5_000;
    }

    int batchSubmissionTasks() {
        return quick ? 2_000 : 50_000;
    }

    int scaleAgents() {
        return quick ? 20 : 500;
    }

    int scaleQueued() {
        return quick ? 2_000 : 100_000;
    }

    /** Tasks of the arrays scenario, as one array and as single tasks (issue 23: 100,000). */
    int arrayTasks() {
        return quick ? 2_000 : 100_000;
    }

    /** Links of the chain scenario (issue 23: 10,000). */
    int chainTasks() {
        return quick ? 200 : 10_000;
    }

    int historyRows() {
        return quick ? 20_000 : 1_000_000;
    }

    /** Old tasks the retention scenario deletes (issue 23: 1,000,000). */
    int retentionOldRows() {
        return quick ? 20_000 : 1_000_000;
    }

    /** Recent tasks the retention scenario keeps, and queries. */
    int retentionRecentRows() {
        return quick ? 2_000 : 100_000;
    }

    /** Runs of the retention scenario: each seeds and deletes a history of its own (about 3 minutes at full size). */
    int retentionRuns() {
        return quick ? 1 : 2;
    }

    int callbackClients() {
        return quick ? 3 : 20;
    }

    int callbackTasks() {
        return quick ? 100 : 2_000;
    }

    /** Tasks in the history before the desktop scenario's window opens. */
    int desktopRows() {
        return quick ? 2_000 : 100_000;
    }

    /** Times each dialog is opened by its key in one window's run. */
    int desktopPresses() {
        return quick ? 3 : 50;
    }

    /** Seconds the window is watched, untouched, while events arrive. */
    int desktopWatchSeconds() {
        return quick ? 3 : 20;
    }

    String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
