package io.taskgrid.launcher;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real {@code taskgrid local} (a controller and 2 agents of 2 slots) on a free port, with a script in its shared
 * folder and a batch of its tasks submitted: what the terminal tests look at. {@link #close} stops it.
 *
 * @param launched how its processes were started (and how to start more against it)
 * @param port     the controller's port
 * @param data     its data folder (the shared folder is {@code data/shared})
 */
record BusyLocal(Launched launched, int port, Path data) implements AutoCloseable {

    /**
     * Starts it under {@code temp}, writes {@code script} (an executable shell script) into the shared folder and
     * submits one task per entry of {@code arguments}, each running the script with that argument.
     */
    static BusyLocal start(Path temp, String script, String body, List<String> arguments) throws Exception {
        Launched launched = new Launched(temp, Map.of("XDG_DATA_HOME", temp.resolve("xdg").toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = temp.resolve("data");
        Launched.Running local = launched.start(List.of(), Map.of(), "local", "--port", Integer.toString(port), "--data-dir",
                data.toString());
        local.awaitLine("TaskGrid local is running", 90);
        Path file = data.resolve("shared").resolve(script);
        Files.writeString(file, body);
        file.toFile().setExecutable(true);
        StringBuilder lines = new StringBuilder();
        arguments.forEach(a -> lines.append(script).append(' ').append(a).append('\n'));
        Path runs = temp.resolve("runs.txt");
        Files.writeString(runs, lines);
        BusyLocal busy = new BusyLocal(launched, port, data);
        // --wait-for-agent: on a loaded machine local may say it runs before its agents registered (it waits 10 s for
        // them); the tasks then wait for them instead of being refused for want of an agent that runs sh.
        Launched.Result submitted = launched.run(List.of(), busy.console(), 60, "submit", "--each", runs.toString(),
                "--wait-for-agent");
        assertEquals(0, submitted.exitCode(), submitted.output());
        return busy;
    }

    /** The variables that point a console command at it. */
    Map<String, String> console() {
        return Map.of("TASKGRID_CONTROLLER", "localhost:" + port);
    }

    @Override
    public void close() throws Exception {
        launched.close();
    }
}
