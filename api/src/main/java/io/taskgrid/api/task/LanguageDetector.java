package io.taskgrid.api.task;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Tells a program's language from its file name, its first line ({@code #!}) and whether it is
 * executable. Pure: callers read the file, this class only decides.
 */
public final class LanguageDetector {
    private LanguageDetector() {
    }

    public static Optional<Language> detect(String fileName, String firstLine, boolean executable) {
        return detect(fileName, firstLine, () -> executable);
    }

    /**
     * As {@link #detect(String, String, boolean)}, asking whether the file is executable only when its name and first
     * line leave the language open: that answer costs the caller a system call (a failing one, for a script that is
     * not executable), and most programs never need it.
     */
    public static Optional<Language> detect(String fileName, String firstLine, BooleanSupplier executable) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        Optional<Language> fromShebang = fromShebang(firstLine);
        if (lower.endsWith(".sh") && fromShebang.filter(l -> l == Language.BASH).isPresent()) {
            return fromShebang;
        }
        for (Language language : Language.values()) {
            for (String ext : language.extensions()) {
                if (lower.endsWith(ext)) {
                    return Optional.of(language);
                }
            }
        }
        if (fromShebang.isPresent()) {
            return fromShebang;
        }
        if (isElf(firstLine) || !hasExtension(lower) && executable.getAsBoolean()) {
            return Optional.of(Language.EXECUTABLE);
        }
        return Optional.empty();
    }

    /** The extension of {@code fileName} for messages, or the whole name when it has none. */
    public static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot) : fileName;
    }

    /** A compiled program (ELF header): runnable as it is, whatever its name, also when sent inline. */
    private static boolean isElf(String firstLine) {
        return firstLine != null && firstLine.startsWith("\u007fELF");
    }

    private static boolean hasExtension(String lower) {
        int slash = lower.lastIndexOf('/');
        int dot = lower.lastIndexOf('.');
        return dot > slash + 1;
    }

    static Optional<Language> fromShebang(String firstLine) {
        if (firstLine == null || !firstLine.startsWith("#!")) {
            return Optional.empty();
        }
        String[] words = firstLine.substring(2).trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return Optional.empty();
        }
        String interpreter = baseName(words[0]);
        if (interpreter.equals("env")) {
            int i = 1;
            while (i < words.length && words[i].startsWith("-")) {
                i++;
            }
            if (i >= words.length) {
                return Optional.empty();
            }
            interpreter = baseName(words[i]);
        }
        if (interpreter.startsWith("python")) {
            return Optional.of(Language.PYTHON);
        }
        return switch (interpreter) {
            case "bash" -> Optional.of(Language.BASH);
            case "sh", "dash", "ash" -> Optional.of(Language.SHELL);
            case "node", "nodejs" -> Optional.of(Language.NODE);
            case "ruby" -> Optional.of(Language.RUBY);
            case "perl" -> Optional.of(Language.PERL);
            case "java" -> Optional.of(Language.JAVA);
            default -> Optional.empty();
        };
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
