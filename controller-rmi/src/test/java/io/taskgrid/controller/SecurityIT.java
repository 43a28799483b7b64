package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.Role;
import io.taskgrid.policy.users.UserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.AccessException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address rules, log-in, admin rights and the serial filter of a controller, over real RMI on loopback. */
class SecurityIT {
    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final String USER_PASSWORD = "user-secret-1";

    @TempDir
    Path data;
    @TempDir
    Path shared;
    private ControllerServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ControllerService start(String clientRules, String agentRules, boolean login) throws Exception {
        Path clients = Files.writeString(data.resolve("clients.rules"), clientRules);
        Path agents = Files.writeString(data.resolve("agents.rules"), agentRules);
        UserStore users = null;
        if (login) {
            users = new UserStore(data.resolve("users"));
            users.put("root", Role.ADMIN, ADMIN_PASSWORD.toCharArray());
            users.put("ann", Role.USER, USER_PASSWORD.toCharArray());
        }
        ControllerSecurity security = new ControllerSecurity(new RuleFile(clients, Clock.systemUTC(), Duration.ZERO),
                new RuleFile(agents, Clock.systemUTC(), Duration.ZERO), users, RmiTransport.plain());
        server = ControllerServer.start(new ControllerConfig(0, data, shared, 4, null, null), security);
        return (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port()).lookup(ControllerService.REGISTRY_NAME);
    }

    private static ClientHello hello(String user, String password) {
        return new ClientHello(user, ClientKind.SCRIPT, password);
    }

    @Test
    void aClientFromADeniedAddressIsRefusedWithItsAddressAndTheRuleFile() throws Exception {
        ControllerService controller = start("deny 127.0.0.0/8\nallow all\n", "allow all\n", false);
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> controller.openSession(hello("me", null), null));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        assertTrue(e.getMessage().contains("deny 127.0.0.0/8") && e.getMessage().contains("line 1"), e.getMessage());
        assertTrue(e.getMessage().contains(data.resolve("clients.rules").toString()), e.getMessage());
    }

    @Test
    void aChangedRuleFileClosesAnOpenSessionAtItsNextCall() throws Exception {
        ControllerService controller = start("allow 127.0.0.0/8\n", "allow all\n", false);
        ClientSession session = controller.openSession(hello("me", null), null);
        assertNotNull(session.history(HistoryQuery.newest(5)));
        Files.writeString(data.resolve("clients.rules"), "# nobody from here any more\ndeny all\n");
        Files.setLastModifiedTime(data.resolve("clients.rules"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        RemoteException thrown = assertThrows(RemoteException.class, () -> session.history(HistoryQuery.newest(5)));
        AccessException e = assertInstanceOf(AccessException.class, thrown.getCause(), "RMI wraps it in a ServerException");
        assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains("deny all"), e.getMessage());
    }

    @Test
    void anAgentFromADeniedAddressCannotRegister() throws Exception {
        ControllerService controller = start("allow all\n", "allow 192.0.2.0/24\n", false);
        AgentService rogue = new AgentService() {
            @Override
            public void execute(TaskAssignment assignment) {
                throw new AssertionError("a refused agent must never get a task");
            }

            @Override
            public boolean cancel(long taskId, long token, String reason) {
                return false;
            }
        };
        AgentService stub = (AgentService) UnicastRemoteObject.exportObject(rogue, 0);
        try {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> controller.registerAgent(
                    new AgentRegistration("rogue", "rogue-host", 2, List.of(new RuntimeInfo(Language.PYTHON, "python3", "3")),
                            Version.PROTOCOL, List.of()), stub));
            assertTrue(e.getMessage().contains("agents.rules") && e.getMessage().contains("default deny"), e.getMessage());
            ClientSession admin = controller.openSession(hello("me", null), null);
            assertEquals(List.of(), admin.agents());
        } finally {
            UnicastRemoteObject.unexportObject(rogue, true);
        }
    }

    @Test
    void logInNeedsTheRightPasswordAndOnlyAdminsListClientsAndAgents() throws Exception {
        ControllerService controller = start("allow all\n", "allow all\n", true);
        assertThrows(LoginRequiredException.class, () -> controller.openSession(hello("ann", null), null));
        AccessDeniedException wrong = assertThrows(AccessDeniedException.class,
                () -> controller.openSession(hello("ann", "not-her-password"), null));
        assertTrue(wrong.getMessage().contains("Wrong user name or password"), wrong.getMessage());
        assertThrows(AccessDeniedException.class, () -> controller.openSession(hello("nobody", USER_PASSWORD), null));

        ClientSession ann = controller.openSession(hello("ann", USER_PASSWORD), null);
        assertNotNull(ann.history(HistoryQuery.newest(5)));
        AccessDeniedException notAdmin = assertThrows(AccessDeniedException.class, ann::clients);
        assertTrue(notAdmin.getMessage().contains("administrator"), notAdmin.getMessage());
        assertThrows(AccessDeniedException.class, ann::agents);

        ClientSession root = controller.openSession(hello("root", ADMIN_PASSWORD), null);
        assertEquals(2, root.clients().size());
        assertEquals("ann", root.clients().get(0).user());
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDown() throws Exception {
        ControllerService controller = start("allow all\n", "allow all\n", true);
        for (int i = 0; i < 2; i++) {
            assertThrows(AccessDeniedException.class, () -> controller.openSession(hello("ann", "wrong"), null));
        }
        long started = System.nanoTime();
        assertThrows(AccessDeniedException.class, () -> controller.openSession(hello("ann", "wrong"), null));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(millis >= 900, "the third failure in a row waits at least 1 s, took " + millis + " ms");
    }

    /** Serializable, not exported, not on the allow-list: sent by value, it must not be deserialized. */
    static final class NotOnTheList implements ClientCallback, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void onEvents(List<GridEvent> events) {
        }
    }

    @Test
    void aCallCarryingAClassNotOnTheListIsRejectedAndTheServiceKeepsWorking() throws Exception {
        ControllerService controller = start("allow all\n", "allow all\n", false);
        RemoteException e = assertThrows(RemoteException.class, () -> controller.openSession(hello("me", null), new NotOnTheList()));
        assertRejected(e);
        assertNotNull(controller.openSession(hello("me", null), null).info());
    }

    @Test
    void anOversizedArgumentIsRefused() throws Exception {
        ControllerService controller = start("allow all\n", "allow all\n", false);
        ClientSession session = controller.openSession(hello("me", null), null);
        byte[] huge = new byte[16 * 1024 * 1024 + 1]; // over the longest inline program a stream carries
        TaskSpec spec = TaskSpec.builder(ProgramSource.inline("big.py", huge)).build();
        // The controller refuses while the client still writes: the client sees the rejection or a broken pipe.
        assertThrows(RemoteException.class, () -> session.submit(spec));
        ClientSession fresh = controller.openSession(hello("me", null), null);
        assertEquals(List.of(), fresh.history(HistoryQuery.newest(5)), "nothing was stored");
    }

    @Test
    void garbageBytesCloseTheConnectionAndTheServiceKeepsWorking() throws Exception {
        ControllerService controller = start("allow all\n", "allow all\n", false);
        byte[] random = new byte[512];
        new java.util.Random(7).nextBytes(random);
        for (byte[] garbage : List.of("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), random,
                new byte[] {0x4a, 0x52, 0x4d, 0x49, 0x7f, 0x7f, 1, 2, 3})) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(garbage);
                out.write(new byte[4096]);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[1024];
                int n;
                try {
                    while ((n = in.read(buffer)) >= 0) {
                        assertTrue(n >= 0);
                    }
                } catch (java.net.SocketException reset) {
                    // closed with a reset: as good as an end of stream
                }
            }
        }
        assertNotNull(controller.openSession(hello("me", null), null).info());
    }

    private static void assertRejected(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof InvalidClassException)) {
            t = t.getCause();
        }
        assertInstanceOf(InvalidClassException.class, t, "expected a filter rejection, got " + e);
        assertTrue(t.getMessage().contains("REJECTED"), t.getMessage());
    }
}
