package io.taskgrid.controller;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.LoginThrottle.Limits;
import io.taskgrid.policy.users.Role;
import io.taskgrid.policy.users.UserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guessing passwords in parallel and around someone else's log-in, over real RMI on loopback (finding 6 of issue 18). */
class LoginThrottleIT {
    private static final String ANN_PASSWORD = "ann-secret-1";
    private static final String ROOT_PASSWORD = "root-secret-1";
    private static final String WRONG = "Wrong user name or password";

    @TempDir
    Path data;
    @TempDir
    Path shared;
    private ControllerServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger gateLog = (Logger) LoggerFactory.getLogger(AccessGate.class);

    @BeforeEach
    void captureLog() {
        log.start();
        gateLog.addAppender(log);
    }

    @AfterEach
    void stop() {
        gateLog.detachAppender(log);
        if (server != null) {
            server.close();
        }
    }

    private ControllerService start(Limits limits) throws Exception {
        UserStore users = new UserStore(data.resolve("users"));
        users.put("root", Role.ADMIN, ROOT_PASSWORD.toCharArray());
        users.put("ann", Role.USER, ANN_PASSWORD.toCharArray());
        ControllerSecurity security = new ControllerSecurity(null, null, users, RmiTransport.plain());
        server = ControllerServer.start(new ControllerConfig(0, data.resolve("data"), shared, 2, null, null)
                .withLoginLimits(limits), security);
        return (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port()).lookup(ControllerService.REGISTRY_NAME);
    }

    private static ClientHello hello(String user, String password) {
        return new ClientHello(user, ClientKind.SCRIPT, password);
    }

    /** The refusal's sentence, or "accepted". */
    private static String attempt(ControllerService controller, String user, String password) {
        try {
            ClientSession s = controller.openSession(hello(user, password), null);
            s.close();
            return "accepted";
        } catch (AccessDeniedException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("a log-in attempt failed otherwise than by a refusal", e);
        }
    }

    @Test
    void fortyParallelGuessesFromOneAddressReachThePasswordCheckOnlyAFewTimes() throws Exception {
        ControllerService controller = start(new Limits(Duration.ofMillis(100), Duration.ofMillis(400), 1_000, Duration.ofMinutes(1)));
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> new Thread(r, "guesser"));
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String user = i % 2 == 0 ? "ann" : "guess" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return attempt(controller, user, "wrong-" + user);
                }));
            }
            go.countDown();
            int checked = 0;
            int busy = 0;
            for (Future<String> f : answers) {
                String answer = f.get(60, TimeUnit.SECONDS);
                if (answer.startsWith(WRONG)) {
                    checked++;
                } else if (answer.startsWith("Another log-in")) {
                    busy++;
                } else {
                    throw new AssertionError("unexpected answer: " + answer);
                }
            }
            assertEquals(n, checked + busy);
            assertTrue(checked <= 10, "at most one check in flight per user and address: " + checked
                    + " of " + n + " parallel guesses reached the password hash");
            assertTrue(busy >= n - 10, busy + " were refused as busy");
        } finally {
            pool.shutdownNow();
        }
        assertEquals("accepted", attempt(controller, "ann", ANN_PASSWORD), "the real user still gets in");
    }

    @Test
    void anotherUsersSuccessDoesNotResetTheCountAndALockedUserIsToldSoUntilTheLockEnds() throws Exception {
        ControllerService controller = start(new Limits(Duration.ofMillis(50), Duration.ofMillis(200), 3, Duration.ofSeconds(3)));
        assertTrue(attempt(controller, "ann", "wrong-1").startsWith(WRONG));
        assertTrue(attempt(controller, "ann", "wrong-2").startsWith(WRONG));
        assertEquals("accepted", attempt(controller, "root", ROOT_PASSWORD), "another user logs in from the same address");
        String third = attempt(controller, "ann", "wrong-3");
        assertTrue(third.startsWith(WRONG) && third.contains("User ann is locked for"), third);

        String during = attempt(controller, "ann", ANN_PASSWORD);
        assertTrue(during.startsWith("User ann is locked for 1 more minute after 3 wrong passwords"),
                "the right password during the lock-out is refused with the reason: " + during);
        assertEquals("accepted", attempt(controller, "root", ROOT_PASSWORD), "others are not locked out");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String answer = during;
        while (!answer.equals("accepted") && System.nanoTime() < deadline) {
            assertTrue(answer.contains("is locked"), answer);
            Thread.sleep(100);
            answer = attempt(controller, "ann", ANN_PASSWORD);
        }
        assertEquals("accepted", answer, "the real user gets in once the lock ends");

        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("Locked out user 'ann'")
                && e.getFormattedMessage().contains("127.0.0.1")), "admins see the lock-out in the log: " + messages());
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("'ann'")
                && e.getFormattedMessage().contains("127.0.0.1") && e.getFormattedMessage().contains("locked out for")),
                "refusals during the lock are logged: " + messages());
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("wrong user name or password")
                && e.getFormattedMessage().contains("127.0.0.1")), "wrong passwords are logged: " + messages());
    }

    @Test
    void aLoggedInSessionKeepsWorkingMeanwhile() throws Exception {
        ControllerService controller = start(new Limits(Duration.ofMillis(50), Duration.ofMillis(200), 2, Duration.ofMinutes(5)));
        ClientSession root = controller.openSession(hello("root", ROOT_PASSWORD), null);
        attempt(controller, "ann", "wrong-1");
        attempt(controller, "ann", "wrong-2");
        assertTrue(attempt(controller, "ann", ANN_PASSWORD).contains("locked for 5 more minutes"));
        assertNotNull(root.info());
        assertThrows(AccessDeniedException.class, () -> controller.openSession(hello("ann", ANN_PASSWORD), null));
    }

    @Test
    void aClientFromADeniedAddressIsLoggedWithItsAddressAndUser() throws Exception {
        Path rules = java.nio.file.Files.writeString(data.resolve("clients.rules"), "deny 127.0.0.0/8\nallow all\n");
        ControllerSecurity security = new ControllerSecurity(new io.taskgrid.policy.rules.RuleFile(rules, java.time.Clock.systemUTC(),
                Duration.ZERO), null, null, RmiTransport.plain());
        server = ControllerServer.start(new ControllerConfig(0, data.resolve("data"), shared, 2, null, null), security);
        ControllerService controller = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port())
                .lookup(ControllerService.REGISTRY_NAME);
        assertThrows(AccessDeniedException.class, () -> controller.openSession(hello("mallory", null), null));
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("127.0.0.1")
                && e.getFormattedMessage().contains("'mallory'") && e.getFormattedMessage().contains("deny 127.0.0.0/8")), messages().toString());
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
