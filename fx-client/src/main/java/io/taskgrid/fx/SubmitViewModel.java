package io.taskgrid.fx;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.LanguageDetector;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.program.ProgramFile;
import io.taskgrid.client.program.ProgramResolver;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The submit dialog's state and rules. A program is a file (sent in place when it lies on the shared folder,
 * inline otherwise) or source written in the editor (inline). Each field has its own error sentence.
 */
final class SubmitViewModel {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final String sharedRoot;
    private final ProgramResolver resolver;

    private final BooleanProperty useEditor = new SimpleBooleanProperty(false);
    private final StringProperty programFile = new SimpleStringProperty("");
    private final StringProperty editorName = new SimpleStringProperty("main.py");
    private final StringProperty editorText = new SimpleStringProperty("");
    private final StringProperty arguments = new SimpleStringProperty("");
    private final StringProperty dataPath = new SimpleStringProperty("");
    private final StringProperty project = new SimpleStringProperty("");
    private final StringProperty projectId = new SimpleStringProperty("");
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty timeout = new SimpleStringProperty("");
    /** Agent labels the task requires, as typed: "gpu, !big-mem". */
    private final StringProperty requires = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper requiresError = new ReadOnlyStringWrapper("");
    /** CPUs the task asks for, as typed or stepped: "1" unless changed. */
    private final StringProperty cpus = new SimpleStringProperty("1");
    private final ReadOnlyStringWrapper cpusError = new ReadOnlyStringWrapper("");
    /** Memory the task asks for, as typed: "512M", "2G"; empty asks for none in particular. */
    private final StringProperty memory = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper memoryError = new ReadOnlyStringWrapper("");

    private final ReadOnlyStringWrapper programError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper argumentsError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper dataError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper projectError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper projectIdError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timeoutError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper submitError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper submitting = new ReadOnlyBooleanWrapper(false);
    private final SubmittedPrograms programs;
    private final SubmitWorkflow workflow = new SubmitWorkflow();

    SubmitViewModel(Supplier<ControllerGateway> gateway, Background background, String sharedRoot, Path workingDirectory) {
        this(gateway, background, sharedRoot, workingDirectory, new SubmittedPrograms());
    }

    /** @param programs remembers the inline programs sent, for the detail's source and Run again */
    SubmitViewModel(Supplier<ControllerGateway> gateway, Background background, String sharedRoot, Path workingDirectory,
                    SubmittedPrograms programs) {
        this.programs = programs;
        this.gateway = gateway;
        this.background = background;
        this.sharedRoot = sharedRoot == null ? "" : sharedRoot;
        this.resolver = new ProgramResolver(workingDirectory, sharedRoot);
    }

    BooleanProperty useEditorProperty() { return useEditor; }
    StringProperty programFileProperty() { return programFile; }
    StringProperty editorNameProperty() { return editorName; }
    StringProperty editorTextProperty() { return editorText; }
    StringProperty argumentsProperty() { return arguments; }
    StringProperty dataPathProperty() { return dataPath; }
    StringProperty projectProperty() { return project; }
    StringProperty projectIdProperty() { return projectId; }
    StringProperty emailProperty() { return email; }
    StringProperty timeoutProperty() { return timeout; }
    StringProperty requiresProperty() { return requires; }
    ReadOnlyStringProperty requiresErrorProperty() { return requiresError.getReadOnlyProperty(); }
    StringProperty cpusProperty() { return cpus; }
    ReadOnlyStringProperty cpusErrorProperty() { return cpusError.getReadOnlyProperty(); }
    StringProperty memoryProperty() { return memory; }
    ReadOnlyStringProperty memoryErrorProperty() { return memoryError.getReadOnlyProperty(); }
    ReadOnlyStringProperty programErrorProperty() { return programError.getReadOnlyProperty(); }
    ReadOnlyStringProperty argumentsErrorProperty() { return argumentsError.getReadOnlyProperty(); }
    ReadOnlyStringProperty dataErrorProperty() { return dataError.getReadOnlyProperty(); }
    ReadOnlyStringProperty projectErrorProperty() { return projectError.getReadOnlyProperty(); }
    ReadOnlyStringProperty projectIdErrorProperty() { return projectIdError.getReadOnlyProperty(); }
    ReadOnlyStringProperty emailErrorProperty() { return emailError.getReadOnlyProperty(); }
    ReadOnlyStringProperty timeoutErrorProperty() { return timeoutError.getReadOnlyProperty(); }
    ReadOnlyStringProperty submitErrorProperty() { return submitError.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty submittingProperty() { return submitting.getReadOnlyProperty(); }
    /** The Array and After fields. */
    SubmitWorkflow workflow() { return workflow; }

    /** The shared folder when it can be browsed from this machine, else empty. */
    Optional<Path> localSharedRoot() {
        return resolver.localSharedRoot();
    }

    /** The language the editor's file name stands for, if any (drives the syntax highlighting). */
    Optional<Language> editorLanguage() {
        return LanguageDetector.detect(editorName.get() == null ? "" : editorName.get().trim(), "", false)
                .filter(l -> l != Language.EXECUTABLE);
    }

    /** Turns a file picked in the shared-folder browser into the path the controller expects. */
    void chooseData(Path picked) {
        if (resolver.localSharedRoot().isEmpty()) {
            dataError.set("The shared folder " + sharedRoot + " is not on this machine; type the data path relative to it.");
            return;
        }
        try {
            dataPath.set(resolver.dataPath(picked.toAbsolutePath().toString()));
            dataError.set("");
        } catch (InputRefusedException e) {
            dataError.set(e.getMessage());
        }
    }

    /** Checks every field; true when all are fine. Each problem is put next to its field. */
    boolean validate() {
        submitError.set("");
        boolean ok = checkProgram();
        ok &= check(argumentsError, () -> splitArguments(arguments.get()));
        ok &= check(dataError, this::data);
        ok &= check(projectError, () -> name(project.get(), "project name", true));
        ok &= check(projectIdError, () -> name(projectId.get(), "project id", true));
        ok &= check(emailError, this::mail);
        ok &= check(timeoutError, this::limit);
        ok &= check(requiresError, this::requirements);
        ok &= check(cpusError, this::cpuCount);
        ok &= check(memoryError, this::memoryBytes);
        ok &= workflow.validate();
        return ok;
    }

    private boolean check(ReadOnlyStringWrapper error, Supplier<?> rule) {
        try {
            rule.get();
            error.set("");
            return true;
        } catch (IllegalArgumentException | InputRefusedException e) {
            error.set(e.getMessage());
            return false;
        }
    }

    private boolean checkProgram() {
        try {
            programReference();
            programError.set("");
            return true;
        } catch (IllegalArgumentException | InputRefusedException e) {
            programError.set(e.getMessage());
            return false;
        }
    }

    /** Validates and submits; {@code onSubmitted} gets the accepted task (not called for a refused one). */
    void submit(Consumer<TaskRecord> onSubmitted) {
        if (submitting.get() || !validate()) {
            return;
        }
        Object program = programReference();
        submitting.set(true);
        List<String> args = splitArguments(arguments.get());
        String data = data();
        String projectName = name(project.get(), "project name", true);
        String id = name(projectId.get(), "project id", true);
        String mail = mail();
        Duration limit = limit();
        List<String> required = requirements();
        Resources resources = Resources.of(cpuCount(), memoryBytes());
        io.taskgrid.api.task.TaskArray array = workflow.array();
        List<SubmitWorkflow.Ref> after = workflow.refs();
        io.taskgrid.api.task.Dependency.Kind kind = workflow.afterKindProperty().get();
        background.run(() -> {
            ProgramSource source = program instanceof ProgramSource s ? s : resolver.source((ProgramFile) program);
            TaskSpec spec = TaskSpec.builder(source).requires(required).resources(resources).arguments(args).dataPath(data).project(projectName).projectId(id)
                    .email(mail).timeout(limit).array(array).after(SubmitWorkflow.resolve(after, kind, gateway.get())).build();
            return new Sent(gateway.get().submit(spec), source);
        }, sent -> {
            TaskRecord task = sent.task();
            programs.sent(task.id(), sent.program());
            submitting.set(false);
            if (task.state() == TaskState.REJECTED) {
                submitError.set("The controller refused " + (array == null ? "task " : "array ") + task.id() + ": " + task.message());
            } else {
                onSubmitted.accept(task);
            }
        }, message -> {
            submitting.set(false);
            submitError.set(message);
        });
    }

    private record Sent(TaskRecord task, ProgramSource program) {
    }

    /** The labels typed, separated by spaces or commas, as the console's --require takes them. */
    private List<String> requirements() {
        String text = requires.get() == null ? "" : requires.get().strip();
        return text.isEmpty() ? List.of() : Requirements.parse(List.of(text.split("\\s+"))).words();
    }

    /** The CPUs typed or stepped: a whole number from 1 to {@link Resources#MAX_CPUS}. */
    private int cpuCount() {
        String t = cpus.get() == null ? "" : cpus.get().strip();
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > Resources.MAX_CPUS) {
            throw new IllegalArgumentException("A task asks for 1 to " + Resources.MAX_CPUS + " CPUs"
                    + (t.isEmpty() ? "" : ", not " + (t.length() <= 20 ? t : t.substring(0, 20) + "…"))
                    + "; give a whole number such as 4.");
        }
        return n;
    }

    /** The memory typed in bytes, 0 when none is asked for. */
    private long memoryBytes() {
        String t = memory.get() == null ? "" : memory.get().strip();
        return t.isEmpty() ? 0 : Resources.parseMemory(t);
    }

    /** A {@link ProgramSource} ready to send, or the {@link ProgramFile} to read and send off the FX thread. */
    private Object programReference() {
        if (useEditor.get()) {
            String name = editorName.get() == null ? "" : editorName.get().trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Name the program, for instance main.py, so that its language is known.");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A program name uses letters, digits, '.', '_' and '-' only, like main.py.");
            }
            String text = editorText.get() == null ? "" : editorText.get();
            if (text.isBlank()) {
                throw new IllegalArgumentException("The program is empty; write it in the editor or choose a file.");
            }
            if (LanguageDetector.detect(name, firstLine(text), false).isEmpty()) {
                throw new IllegalArgumentException("Cannot tell the language of " + name + "; end its name with .py, .sh,"
                        + " .java, .js, .rb or .pl, or start it with a #! line.");
            }
            return ProgramSource.inline(name, text.getBytes(StandardCharsets.UTF_8));
        }
        String given = programFile.get() == null ? "" : programFile.get().trim();
        if (given.isEmpty()) {
            throw new IllegalArgumentException("Choose a program file, or write the program in the editor.");
        }
        return resolver.locate(given);
    }

    private String data() {
        return resolver.dataPath(dataPath.get());
    }

    private static String name(String text, String what, boolean optional) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() && optional) {
            return null;
        }
        if (!NAME.matcher(t).matches()) {
            throw new IllegalArgumentException("A " + what + " uses letters, digits, '.', '_' and '-' (at most 64), like"
                    + " climate-2024.");
        }
        return t;
    }

    private String mail() {
        String t = email.get() == null ? "" : email.get().trim();
        if (t.isEmpty()) {
            return null;
        }
        if (!EMAIL.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + t + "' is not an e-mail address; write it like me@example.org.");
        }
        return t;
    }

    private Duration limit() {
        String t = timeout.get() == null ? "" : timeout.get().trim();
        if (t.isEmpty()) {
            return null;
        }
        Duration d = Durations.parse(t);
        if (d.isZero()) {
            throw new IllegalArgumentException("A time limit must be longer than zero; write it like 30s, 5m or 2h.");
        }
        return d;
    }

    /** Splits arguments like a shell does for quotes: {@code a "b c" 'd'} gives a, b c, d. */
    static List<String> splitArguments(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("A quote (" + quote + ") is not closed in the arguments; close it or remove it.");
        }
        if (inToken) {
            out.add(current.toString());
        }
        return out;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** Template shown when the editor opens, in the language of its file name. */
    static String template(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".sh") || lower.endsWith(".bash")) {
            return "#!/bin/sh\n# $TASKGRID_DATA is the staged data, if any; arguments are \"$@\".\necho \"Hello from task $TASKGRID_TASK_ID\"\n";
        }
        return "import os\nimport sys\n\n# TASKGRID_DATA is the staged data, if any; arguments are in sys.argv.\n"
                + "print(f\"Hello from task {os.environ.get('TASKGRID_TASK_ID')}\", *sys.argv[1:])\n";
    }
}
