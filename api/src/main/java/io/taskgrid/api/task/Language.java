package io.taskgrid.api.task;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of program an agent may be able to run. */
public enum Language {
    PYTHON("python", List.of(".py")),
    BASH("bash", List.of(".bash")),
    SHELL("sh", List.of(".sh")),
    JAVA("java", List.of(".java")),
    NODE("node", List.of(".js", ".mjs", ".cjs")),
    RUBY("ruby", List.of(".rb")),
    PERL("perl", List.of(".pl")),
    EXECUTABLE("executable", List.of());

    private final String displayName;
    private final List<String> extensions;

    Language(String displayName, List<String> extensions) {
        this.displayName = displayName;
        this.extensions = extensions;
    }

    /** Short lower-case name used in messages and JSON: python, bash, sh, java, node, ruby, perl, executable. */
    public String displayName() {
        return displayName;
    }

    public List<String> extensions() {
        return extensions;
    }

    public static Optional<Language> byDisplayName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.displayName.equals(wanted) || l.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
