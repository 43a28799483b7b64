package io.taskgrid.controller.submission;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.LanguageDetector;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.policy.PathOutsideSharedRootException;
import io.taskgrid.policy.SharedRoot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Checks a submitted spec before it is queued: names that become folder names, paths confined to the shared
 * root, the program's language, limits. Never throws for bad content: a refusal is a {@link Verdict} with a
 * sentence that names the problem and the fix.
 */
public final class SubmissionValidator {
    public static final int MAX_INLINE_BYTES = 10 * 1024 * 1024;
    public static final int MAX_ARGUMENTS = 1_000;
    public static final int MAX_ARGUMENT_CHARS = 32 * 1024;
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    public static final int MIN_PRIORITY = -100;
    public static final int MAX_PRIORITY = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final int FIRST_LINE_BYTES = 512;

    private final SharedRoot sharedRoot;
    private final Duration defaultTimeout;
    private final int maxProcesses;

    /** @param defaultTimeout applied when a spec sets none; {@code null} for no limit */
    public SubmissionValidator(SharedRoot sharedRoot, Duration defaultTimeout) {
        this(sharedRoot, defaultTimeout, Integer.MAX_VALUE);
    }

    /** @param maxProcesses the controller's process limit, in CPUs: a task that asks for more could never start */
    public SubmissionValidator(SharedRoot sharedRoot, Duration defaultTimeout, int maxProcesses) {
        this.maxProcesses = maxProcesses;
        this.sharedRoot = sharedRoot;
        this.defaultTimeout = defaultTimeout;
    }

    public Verdict validate(TaskSpec spec, ConnectedRuntimes runtimes) {
        Duration timeout = spec.timeout() != null ? spec.timeout() : defaultTimeout;
        Language language = null;
        SharedFile program = null;
        SharedFile data = null;
        Requirements requirements = Requirements.NONE;
        try {
            checkName("project name", spec.project());
            if (spec.projectId() != null) {
                checkName("project id", spec.projectId());
            }
            checkLimits(spec);
            if (spec.resources().cpus() > maxProcesses) {
                throw new Refusal("The task asks for " + spec.resources().cpus() + " CPUs, more than the " + maxProcesses
                        + " this controller runs at once (its --max-processes); ask for --cpus " + maxProcesses + " or fewer.");
            }
            Optional<String> environment = EnvironmentCheck.problem(spec.environment());
            if (environment.isPresent()) {
                throw new Refusal(environment.get());
            }
            if (!spec.program().isInline()) {
                program = sharedProgram(spec.program());
            }
            language = detect(spec.program(), program);
            if (spec.dataPath() != null) {
                data = sharedData(spec.dataPath());
            }
            if (spec.email() != null && !EMAIL.matcher(spec.email()).matches()) {
                throw new Refusal("The e-mail address '" + spec.email() + "' is not valid; write it like name@example.org.");
            }
            requirements = requirements(spec);
            // With no agent at all, anything waits for the first one, as before labels existed.
            if (runtimes.agents() > 0 && !spec.waitForAgent() && !runtimes.canRun(language, requirements)) {
                throw new Refusal(requirements.isEmpty() ? runtimes.noAgentRuns(language)
                        : runtimes.noAgentMeets(language, requirements));
            }
            if (runtimes.agents() > 0 && !spec.waitForAgent() && !runtimes.canRun(language, requirements, spec.resources())) {
                throw new Refusal(runtimes.noAgentLargeEnough(language, requirements, spec.resources()));
            }
            return new Verdict(language, timeout, null, program, data, requirements);
        } catch (Refusal r) {
            return new Verdict(language, timeout, r.getMessage(), null, null, requirements);
        } catch (PathOutsideSharedRootException e) {
            return new Verdict(language, timeout, e.getMessage(), null, null, requirements);
        }
    }

    private static Requirements requirements(TaskSpec spec) throws Refusal {
        try {
            return Requirements.parse(spec.requires());
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /** The shared program, resolved and stat'ed once: the fingerprint reuses both. */
    private SharedFile sharedProgram(ProgramSource program) throws Refusal, PathOutsideSharedRootException {
        Path file = sharedRoot.resolve(program.sharedPath(), "program");
        BasicFileAttributes attributes;
        try { // one stat for both questions
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new Refusal("The program '" + program.sharedPath() + "' does not exist in the shared folder "
                    + sharedRoot.root() + "; check the path, or send the file inline.");
        }
        if (!attributes.isRegularFile()) {
            throw new Refusal("The program '" + program.sharedPath() + "' is not a regular file; give the path of a program file.");
        }
        return new SharedFile(file, attributes);
    }

    private SharedFile sharedData(String dataPath) throws Refusal, PathOutsideSharedRootException {
        Path data = sharedRoot.resolve(dataPath, "data");
        try {
            return new SharedFile(data, Files.readAttributes(data, BasicFileAttributes.class));
        } catch (IOException e) {
            throw new Refusal("The data path '" + dataPath + "' does not exist in the shared folder "
                    + sharedRoot.root() + "; check the path, or copy the data there first.");
        }
    }

    private static void checkName(String what, String value) throws Refusal {
        if (!NAME.matcher(value).matches()) {
            throw new Refusal("The " + what + " '" + value + "' is not allowed; use 1 to 64 letters, digits, '.', '_' or '-'.");
        }
    }

    private static void checkLimits(TaskSpec spec) throws Refusal {
        if (spec.timeout() != null) {
            if (spec.timeout().isZero() || spec.timeout().isNegative()) {
                throw new Refusal("The timeout must be longer than zero; write it like 30s, 5m or 2h.");
            }
            if (spec.timeout().compareTo(MAX_TIMEOUT) > 0) {
                throw new Refusal("The timeout of " + spec.timeout().toHours() + " hours is longer than the 7 days allowed; "
                        + "choose a shorter one.");
            }
        }
        Optional<String> retry = RetryPolicy.problem(spec.retry().retries(), spec.retry().delay(), spec.retry().onExit());
        if (retry.isPresent()) {
            throw new Refusal(retry.get());
        }
        if (spec.priority() < MIN_PRIORITY || spec.priority() > MAX_PRIORITY) {
            throw new Refusal("The priority " + spec.priority() + " is outside " + MIN_PRIORITY + " to " + MAX_PRIORITY
                    + "; choose a value in that range.");
        }
        List<String> args = spec.arguments();
        if (args.size() > MAX_ARGUMENTS) {
            throw new Refusal("There are " + args.size() + " arguments, more than the 1,000 allowed; pass them in a data file.");
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a == null) {
                throw new Refusal("Argument " + (i + 1) + " is missing (null); give a value or leave it out.");
            }
            if (a.length() > MAX_ARGUMENT_CHARS) {
                throw new Refusal("Argument " + (i + 1) + " is " + a.length()
                        + " characters long, more than the 32 KB allowed; pass it in a data file.");
            }
            if (a.indexOf('\0') >= 0) {
                throw new Refusal("Argument " + (i + 1) + " contains a NUL character, which a program cannot receive; remove it.");
            }
        }
    }

    /** @param shared the shared program as {@link #sharedProgram} found it; {@code null} for an inline one */
    private Language detect(ProgramSource program, SharedFile shared) throws Refusal {
        String firstLine;
        BooleanSupplier executable;
        if (program.isInline()) {
            byte[] content = program.inlineContent();
            if (content.length > MAX_INLINE_BYTES) {
                throw new Refusal("The program " + program.fileName() + " is " + content.length
                        + " bytes, more than the 10 MB an inline program may have; put it in the shared folder and give its path.");
            }
            firstLine = firstLine(content, content.length);
            executable = () -> false;
        } else {
            try (InputStream in = Files.newInputStream(shared.path())) {
                byte[] head = in.readNBytes(FIRST_LINE_BYTES);
                firstLine = firstLine(head, head.length);
            } catch (IOException e) {
                throw new Refusal("The program '" + program.sharedPath() + "' cannot be read (" + e.getMessage()
                        + "); check its permissions.");
            }
            executable = () -> Files.isExecutable(shared.path());
        }
        Optional<Language> language = LanguageDetector.detect(program.fileName(), firstLine, executable);
        if (language.isEmpty()) {
            throw new Refusal("TaskGrid cannot tell the language of " + program.fileName()
                    + "; use an extension such as .py, .sh, .java, .js or a #! line.");
        }
        return language.get();
    }

    private static String firstLine(byte[] bytes, int length) {
        int end = 0;
        int max = Math.min(length, FIRST_LINE_BYTES);
        while (end < max && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** A refusal, carried out of the checks; never leaves this class. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
