package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Console commands as separate JVMs, the way people run them, and what {@code clients} says about them afterwards:
 * a command that ends (normally, with an error, on Ctrl-C) is gone at once; one killed with kill -9 is gone within the
 * controller's heartbeat timeout (5 s in {@link Grid}); one that runs keeps its session however long it runs.
 */
class EndedClientsIT {
    /** The heartbeat timeout of {@link Grid}'s controller: a client session's lease. */
    private static final Duration LEASE = Duration.ofSeconds(5);
    /** What "at once" allows: well below the lease, so that only a close (not an expiry) passes. */
    private static final Duration AT_ONCE = Duration.ofMillis(1500);

    @TempDir
    Path temp;
    private Grid grid;
    private Jvms jvms;
    private ClientSession observer;

    @BeforeEach
    void start() throws Exception {
        grid = Grid.start(temp.resolve("grid"), 2, 2);
        jvms = new Jvms(temp);
        ControllerService service = (ControllerService) LocateRegistry.getRegistry("localhost", grid.port())
                .lookup(ControllerService.REGISTRY_NAME);
        // A script's session: it never renews a lease, so it stays while the test looks.
        observer = service.openSession(new ClientHello("observer", ClientKind.SCRIPT, null), null);
    }

    @AfterEach
    void stop() throws Exception {
        jvms.close();
        grid.close();
    }

    /** The consoles the controller lists now. */
    private List<ClientInfo> consoles() throws Exception {
        return observer.clients().stream().filter(c -> c.kind() == ClientKind.CONSOLE).toList();
    }

    /** Waits (bounded) until the consoles listed satisfy {@code condition}; answers how long that took. */
    private Duration awaitConsoles(Predicate<List<ClientInfo>> condition, Duration within, String what) throws Exception {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        List<ClientInfo> seen = consoles();
        while (!condition.test(seen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + within.toMillis() + " ms; clients lists: " + seen);
            }
            TimeUnit.MILLISECONDS.sleep(50); // a poll of the condition, not a wait for time to pass
            seen = consoles();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code taskgrid ARGS} in a JVM of its own that, like one started from a shell, stops on SIGINT. */
    private Jvms.Jvm console(String... args) throws Exception {
        return jvms.launchIn(List.of("env", "--default-signal=INT"), Map.of("TASKGRID_CONTROLLER", "localhost:" + grid.port()),
                Main.class, args);
    }

    @Test
    void commandsThatEndNormallyOrWithAnErrorAreGoneOnceTheyExit() throws Exception {
        Jvms.Jvm history = console("history");
        assertTrue(history.process().waitFor(60, TimeUnit.SECONDS), "history ends");
        assertEquals(0, history.process().exitValue(), history.printedSoFar());
        assertEquals(List.of(), consoles(), "history closed its session before it exited");

        Jvms.Jvm unknown = console("show", "999");
        assertTrue(unknown.process().waitFor(60, TimeUnit.SECONDS), "show ends");
        assertEquals(2, unknown.process().exitValue(), unknown.printedSoFar());
        assertEquals(List.of(), consoles(), "show closed its session although it failed");
    }

    @Test
    void ctrlCOnWatchOrSubmitWaitEndsTheirSessionsAtOnce() throws Exception {
        Path slow = grid.sharedFile("slow.sh", "sleep 60\n");
        Jvms.Jvm watch = console("watch");
        watch.awaitLine("Watching", 60);
        Jvms.Jvm waiting = console("submit", slow.toString(), "--wait");
        watch.awaitLine("task 1 running", 60); // submit --wait submitted it and follows it now
        assertEquals(2, consoles().size(), "watch and submit --wait are listed");

        watch.signal("INT");
        waiting.signal("INT");
        assertTrue(watch.process().waitFor(20, TimeUnit.SECONDS), "watch stops on Ctrl-C");
        assertTrue(waiting.process().waitFor(20, TimeUnit.SECONDS), "submit --wait stops on Ctrl-C");

        Duration took = awaitConsoles(List::isEmpty, AT_ONCE, "the sessions of the interrupted commands ended");
        assertTrue(took.compareTo(AT_ONCE) <= 0, "closed, not expired: " + took.toMillis() + " ms");
    }

    @Test
    void aRunningWatchKeepsItsSessionAndAKilledOneLosesItWithinTheHeartbeatTimeout() throws Exception {
        Jvms.Jvm watch = console("watch");
        watch.awaitLine("Watching", 60);
        assertEquals(1, consoles().size(), "watch is listed");

        // Alive, it stays listed across more than two leases (it long-polls and renews its lease meanwhile).
        long observeUntil = System.nanoTime() + LEASE.multipliedBy(2).plusSeconds(1).toNanos();
        while (System.nanoTime() < observeUntil) {
            assertEquals(1, consoles().size(), "a running watch stays in clients");
            TimeUnit.MILLISECONDS.sleep(200);
        }

        watch.killHard();
        Duration took = awaitConsoles(List::isEmpty, LEASE.plusSeconds(2), "the killed watch was dropped");
        assertTrue(took.compareTo(LEASE) <= 0, "dropped within the heartbeat timeout of " + LEASE.toSeconds() + " s, took "
                + took.toMillis() + " ms");
    }
}
