package io.taskgrid.launcher;

import io.taskgrid.agent.AgentConfig;
import io.taskgrid.agent.AgentServer;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.console.PasswordPrompt;
import io.taskgrid.console.TerminalLogin;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.fx.DesktopOptions;
import io.taskgrid.fx.Screenshot;
import io.taskgrid.policy.transport.RmiTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = {"Renders the desktop client's main window to a PNG, without a display.",
                "It starts a grid in a temporary folder, runs the examples on it, and takes the picture while some still run."},
        footer = {"", "Examples (from the repository):", "  taskgrid screenshot docs/screenshot.png",
                "  taskgrid screenshot --theme dark docs/screenshot-dark.png"})
final class ScreenshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", defaultValue = "docs/screenshot.png", description = "PNG to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples", description = "The repository's examples folder (default: ${DEFAULT-VALUE}).")
    Path examples;

    @Option(names = "--theme", paramLabel = "THEME", defaultValue = "light",
            description = "light or dark (default: ${DEFAULT-VALUE}).")
    String theme;

    @Override
    public Integer call() throws Exception {
        if (!Screenshot.THEMES.contains(theme.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "--theme takes light or dark, not '" + theme + "'.");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String name : List.of("hello.py", "sum.sh", "numbers.csv", "Primes.java", "wordcount.py", "slow.sh", "broken.py")) {
            if (!Files.isRegularFile(examples.resolve(name))) {
                throw new ParameterException(spec.commandLine(), "No " + name + " in " + examples.toAbsolutePath()
                        + "; run this from the repository or give --examples DIR.");
            }
        }
        Path root = Files.createTempDirectory("taskgrid-screenshot");
        Path shared = Files.createDirectories(root.resolve("shared"));
        Files.copy(examples.resolve("numbers.csv"), shared.resolve("numbers.csv"));
        Files.copy(examples.resolve("wordcount.py"), shared.resolve("wordcount.py"));
        Files.writeString(shared.resolve("words.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(200));
        ServerLifetime lifetime = new ServerLifetime(out);
        try {
            ControllerServer controller = ControllerServer.start(new ControllerConfig(0, Files.createDirectories(root.resolve("data")),
                    shared, 4, null, Duration.ofSeconds(10)));
            lifetime.add(controller);
            for (int i = 1; i <= 2; i++) {
                Path work = Files.createDirectories(root.resolve("agent-" + i));
                AgentConfig defaults = AgentConfig.defaults("localhost", controller.port(), shared, work);
                AgentServer agent = AgentServer.start(new AgentConfig("localhost", controller.port(), 2, shared, work, null, 0,
                        Duration.ofMillis(500), defaults.maxOutputBytes()));
                lifetime.add(agent);
                agent.awaitRegistered(Duration.ofSeconds(20));
            }
            int tasks = runExamples(controller.port(), out);
            out.println("Rendering the window…");
            out.flush();
            Screenshot.render(new DesktopOptions(new ControllerAddress("localhost", controller.port()),
                    System.getProperty("user.name"), 0, false, null), output, tasks, Duration.ofSeconds(60), theme);
            out.println("Wrote " + output.toAbsolutePath());
            return 0;
        } finally {
            lifetime.stop();
            deleteTree(root);
        }
    }

    /** Runs the examples to their end, then starts some that are still running when the picture is taken. */
    private int runExamples(int port, PrintWriter out) throws IOException, InterruptedException {
        try (ControllerGateway gateway = TerminalLogin.rmi(RmiTransport.plain(), System.getProperty("user.name"), null,
                PasswordPrompt.none()).connect(new ControllerAddress("localhost", port))) {
            long after = gateway.events(0, Duration.ZERO).lastSequence();
            List<TaskRecord> first = new ArrayList<>();
            first.add(gateway.submit(spec("hello.py", "demo", List.of())));
            first.add(gateway.submit(TaskSpec.builder(inline("sum.sh")).project("demo").dataPath("numbers.csv").build()));
            first.add(gateway.submit(spec("Primes.java", "primes", List.of("200000"))));
            first.add(gateway.submit(TaskSpec.builder(ProgramSource.shared("wordcount.py")).project("text").dataPath("words.txt").build()));
            first.add(gateway.submit(spec("sum.sh", "demo", List.of())));
            first.add(gateway.submit(spec("broken.py", "demo", List.of())));
            TaskRecord cancelled = gateway.submit(spec("slow.sh", "demo", List.of("600")));
            first.add(cancelled);
            gateway.cancel(cancelled.id());
            Set<Long> open = new HashSet<>();
            first.stream().filter(t -> !t.state().isFinal()).forEach(t -> open.add(t.id()));
            Instant deadline = Instant.now().plusSeconds(60);
            while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
                EventBatch batch = gateway.events(after, Duration.ofSeconds(2));
                after = batch.lastSequence();
                for (GridEvent e : batch.events()) {
                    if (e instanceof TaskEvent t && t.task().state().isFinal()) {
                        open.remove(t.task().id());
                    }
                }
            }
            int count = first.size();
            for (int i = 0; i < 5; i++) {
                gateway.submit(spec("slow.sh", i < 2 ? "climate" : "demo", List.of(Integer.toString(120 + i))));
                count++;
            }
            out.println("Submitted " + count + " example tasks.");
            return count;
        }
    }

    private TaskSpec spec(String example, String project, List<String> args) throws IOException {
        return TaskSpec.builder(inline(example)).project(project).arguments(args).build();
    }

    private ProgramSource inline(String example) throws IOException {
        return ProgramSource.inline(example, Files.readAllBytes(examples.resolve(example)));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless; the system cleans it.
        }
    }
}
