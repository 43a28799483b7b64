package io.taskgrid.launcher;

import io.taskgrid.console.ConsoleEnvironment;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
