package io.taskgrid.launcher;

import io.taskgrid.console.ConsoleEnvironment;
import org.junit.jupiter.api.Test;

import io.taskgrid.fx.DesktopOptions;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.transport.TlsSettings;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuiCommandTest {
    @Test
    void withoutADisplayTheGuiSaysSoAndExitsWithAUsageError() {
        StringWriter err = new StringWriter();
        ConsoleEnvironment console = new ConsoleEnvironment(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                Map.of(), false, ConsoleEnvironment.system().connector());
        int code = Main.commandLine(console, new ServerEnvironment(Map.of(), "/tmp")).execute("gui", "--controller", "localhost:1");
        // The sentence goes to the process's stderr: server subcommands are added after ConsoleApp set its writers.
        assertEquals(2, code);
    }

    @Test
    void aDisplayIsNamedByX11OrWayland() {
        assertTrue(new ServerEnvironment(Map.of("DISPLAY", ":0"), "/tmp").hasDisplay());
        assertTrue(new ServerEnvironment(Map.of("WAYLAND_DISPLAY", "wayland-0"), "/tmp").hasDisplay());
        assertTrue(!new ServerEnvironment(Map.of("DISPLAY", " "), "/tmp").hasDisplay());
    }

    private final List<DesktopOptions> opened = new ArrayList<>();
    private final List<TlsSettings> tlsAsked = new ArrayList<>();
    private final StringWriter err = new StringWriter();

    /** Runs `gui` with a display and captures the window's options instead of opening it (no SSL context is set). */
    private int gui(Map<String, String> variables, String... args) {
        GuiCommand command = new GuiCommand(new ServerEnvironment(variables, "/tmp"), settings -> {
            tlsAsked.add(settings);
            return RmiTransport.plain();
        }, opened::add);
        CommandLine line = new CommandLine(command);
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void withoutKeysTheWindowSpeaksPlainRmiAndTakesTheUserAndPasswordFromTheEnvironment() {
        assertEquals(0, gui(Map.of("DISPLAY", ":0", "TASKGRID_USER", "ann", "TASKGRID_PASSWORD", "s3cret"),
                "--controller", "grid-master:2099"));
        DesktopOptions options = opened.get(0);
        assertEquals("grid-master:2099", options.controller().toString());
        assertEquals("ann", options.user());
        assertEquals("s3cret", options.password());
        assertEquals(RmiTransport.Kind.PLAIN, options.transport().kind());
        assertTrue(tlsAsked.isEmpty(), "no TLS without a keystore and truststore");
        assertTrue(!options.toString().contains("s3cret"), "the password never appears in logs: " + options);
    }

    @Test
    void withoutAPasswordTheWindowAsksAndTheUserIsTheLoginName() {
        assertEquals(0, gui(Map.of("DISPLAY", ":0")));
        assertEquals(System.getProperty("user.name"), opened.get(0).user());
        assertNull(opened.get(0).password(), "no password: the dialog asks when the controller wants one");
    }

    @Test
    void keystoreAndTruststoreOptionsChooseTls() {
        assertEquals(0, gui(Map.of("DISPLAY", ":0", "TASKGRID_TLS_PASSWORD", "storepw"),
                "--keystore", "laptop.p12", "--truststore", "truststore.p12"));
        assertEquals(1, tlsAsked.size(), "the TLS transport is made from the stores");
        assertEquals(Path.of("laptop.p12"), tlsAsked.get(0).keystore());
        assertEquals(Path.of("truststore.p12"), tlsAsked.get(0).truststore());
        assertEquals(1, opened.size());
    }

    @Test
    void theTlsVariablesChooseTlsLikeTheConsole() {
        assertEquals(0, gui(Map.of("DISPLAY", ":0", "TASKGRID_KEYSTORE", "/etc/taskgrid/laptop.p12",
                "TASKGRID_TRUSTSTORE", "/etc/taskgrid/truststore.p12", "TASKGRID_TLS_PASSWORD", "storepw")));
        assertEquals(Path.of("/etc/taskgrid/laptop.p12"), tlsAsked.get(0).keystore());
        assertEquals("storepw", new String(tlsAsked.get(0).keystorePassword()));
    }

    @Test
    void aKeystoreWithoutATruststoreIsAUsageErrorNamingTheMissingOne() {
        assertEquals(2, gui(Map.of("DISPLAY", ":0", "TASKGRID_TLS_PASSWORD", "storepw"), "--keystore", "laptop.p12"));
        assertTrue(err.toString().contains("the truststore is missing"), err.toString());
        assertTrue(opened.isEmpty(), "no window without both stores");
    }

    @Test
    void storesWithoutTheirPasswordAreAUsageError() {
        assertEquals(2, gui(Map.of("DISPLAY", ":0"), "--keystore", "laptop.p12", "--truststore", "truststore.p12"));
        assertTrue(err.toString().contains("TASKGRID_TLS_PASSWORD"), err.toString());
        assertTrue(opened.isEmpty());
    }

    @Test
    void missingStoreFilesAreRefusedWithASentenceBeforeTheWindowOpens() {
        GuiCommand command = new GuiCommand(new ServerEnvironment(Map.of("DISPLAY", ":0", "TASKGRID_TLS_PASSWORD", "pw"), "/tmp"),
                null, opened::add);
        CommandLine line = new CommandLine(command);
        line.setErr(new PrintWriter(err, true));
        // Transports.tls loads the stores first: a missing file fails there, before the default SSL context is touched.
        assertEquals(2, line.execute("--keystore", "/nonexistent/laptop.p12", "--truststore", "/nonexistent/truststore.p12"));
        assertTrue(err.toString().contains("/nonexistent/laptop.p12") && err.toString().contains("does not exist"), err.toString());
        assertTrue(opened.isEmpty());
    }
}
