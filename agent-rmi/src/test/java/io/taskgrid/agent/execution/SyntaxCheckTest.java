package io.taskgrid.agent.execution;

import io.taskgrid.api.task.Language;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntaxCheckTest {

    @Test
    void keepsThePythonLinesWithoutCaretsOrTheWorkFolder() {
        String output = "  File \"/w/tasks/1-1/hello.py\", line 2\n    print(\"a\"\n         ^\nSyntaxError: '(' was never closed\n";
        String message = SyntaxCheck.message("hello.py", output, "/w/tasks/1-1");
        assertEquals("Syntax error in hello.py: File \"hello.py\", line 2\nprint(\"a\"\nSyntaxError: '(' was never closed", message);
    }

    @Test
    void keepsAtMostFiveLines() {
        String output = "a\nb\nc\nd\ne\nf\ng\n";
        String message = SyntaxCheck.message("x.sh", output, "/w");
        assertEquals(5, message.split("\n").length);
        assertFalse(message.contains("f"));
    }

    @Test
    void dropsJavacAndNodeNoise() {
        String javac = "Hello.java:3: error: ';' expected\n        System.out.println(\"x\")\n                                ^\n1 error\nerror: compilation failed\n";
        assertEquals("Syntax error in Hello.java: Hello.java:3: error: ';' expected\nSystem.out.println(\"x\")",
                SyntaxCheck.message("Hello.java", javac, "/w"));
        assertTrue(SyntaxCheck.javaCompilationFailed(Language.JAVA, javac));
        assertFalse(SyntaxCheck.javaCompilationFailed(Language.PYTHON, javac));
    }

    @Test
    void saysSoWhenTheCheckerGaveNoDetails() {
        assertEquals("Syntax error in a.pl; the checker gave no details.", SyntaxCheck.message("a.pl", "\n\n", "/w"));
    }

    @Test
    void formatsTimeoutsAsPeopleWriteThem() {
        assertEquals("30s", TaskExecution.human(java.time.Duration.ofSeconds(30)));
        assertEquals("5m", TaskExecution.human(java.time.Duration.ofMinutes(5)));
        assertEquals("850ms", TaskExecution.human(java.time.Duration.ofMillis(850)));
    }
}
