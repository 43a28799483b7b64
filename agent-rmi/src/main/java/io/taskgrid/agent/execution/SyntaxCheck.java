package io.taskgrid.agent.execution;

import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.task.Language;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The check each language gets before its program runs, and how a checker's (or javac's) complaint is
 * boiled down to the few lines a person needs.
 */
final class SyntaxCheck {
    static final int MAX_LINES = 5;
    private static final Pattern CARETS = Pattern.compile("^\\s*[\\^~]+\\s*$");
    private static final Pattern NOISE = Pattern.compile(
            "^(\\d+ errors?|error: compilation failed|Node\\.js v.*|\\s+at .*|.* syntax OK|Syntax OK)$");
    static final String JAVA_COMPILATION_FAILED = "error: compilation failed";

    private SyntaxCheck() {
    }

    /** The command that checks {@code fileName} (relative to the work folder), or empty when none applies. */
    static Optional<List<String>> command(RuntimeInfo runtime, String fileName) {
        String cmd = runtime.command();
        return switch (runtime.language()) {
            case PYTHON -> Optional.of(List.of(cmd, "-m", "py_compile", fileName));
            case BASH, SHELL -> Optional.of(List.of(cmd, "-n", fileName));
            case NODE -> Optional.of(List.of(cmd, "--check", fileName));
            case RUBY -> Optional.of(List.of(cmd, "-c", fileName));
            case PERL -> Optional.of(List.of(cmd, "-c", fileName));
            // java: the single-file launcher compiles first; its failure is classified after the run.
            case JAVA, EXECUTABLE -> Optional.empty();
        };
    }

    /** Whether a java single-file run failed while compiling, judging from its stderr. */
    static boolean javaCompilationFailed(Language language, String stderr) {
        return language == Language.JAVA && stderr.contains(JAVA_COMPILATION_FAILED);
    }

    /**
     * "Syntax error in hello.py: …" with at most {@link #MAX_LINES} relevant lines of the checker's output,
     * with the work folder's path taken out.
     */
    static String message(String fileName, String checkerOutput, String workFolder) {
        String text = checkerOutput.replace(workFolder + "/", "").replace(workFolder, "");
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String stripped = line.stripTrailing();
            if (stripped.isBlank() || CARETS.matcher(stripped).matches() || NOISE.matcher(stripped).matches()) {
                continue;
            }
            lines.add(stripped.strip());
            if (lines.size() == MAX_LINES) {
                break;
            }
        }
        if (lines.isEmpty()) {
            return "Syntax error in " + fileName + "; the checker gave no details.";
        }
        return "Syntax error in " + fileName + ": " + String.join("\n", lines);
    }
}
