package io.taskgrid.launcher;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a script for bash or zsh that completes taskgrid's commands and options.",
                "It is picocli's AutoComplete, made from the same model as --help.",
                "zsh runs the bash script through bashcompinit, which the script loads itself."},
        footer = {"", "Examples:",
                "  source <(taskgrid completion bash)      (this shell; add the line to ~/.bashrc for every new one)",
                "  source <(taskgrid completion zsh)       (the same in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", converter = ShellConverter.class, description = "bash or zsh.")
    Shell shell;

    enum Shell { BASH, ZSH }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(spec.root().name(), root);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Reads {@code bash} or {@code zsh}, any case; anything else in words. */
    static final class ShellConverter implements CommandLine.ITypeConverter<Shell> {
        @Override
        public Shell convert(String value) {
            try {
                return Shell.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a shell taskgrid completes; write bash or zsh.");
            }
        }
    }
}
