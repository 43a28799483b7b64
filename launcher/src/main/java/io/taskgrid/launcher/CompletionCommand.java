package io.taskgrid.launcher;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a script for bash or zsh that completes taskgrid's commands and options.",
                "It is picocli's AutoComplete, made from the same model as --help; agent ids (drain, resume) and labels"
                        + " (submit --require) come from the controller, at most 2 s, nothing when it does not answer.",
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
        spec.commandLine().getOut().print(script + fromController(script));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Picocli's own registration of its completion function: {@code complete -F NAME -o default taskgrid ...}. */
    private static final Pattern REGISTRATION = Pattern.compile("(?m)^complete -F (\\S+) (.*)$");

    /**
     * What goes after picocli's script: a completion function that asks the controller for agent ids and labels (through
     * the hidden {@code __complete} command, with a 2 s timeout, its errors thrown away) and leaves everything else to
     * picocli's function, registered in its place.
     */
    static String fromController(String picocliScript) {
        Matcher m = REGISTRATION.matcher(picocliScript);
        if (!m.find()) {
            return ""; // another picocli writes another script: its own completion stays
        }
        return HOOK.replace("PICOCLI_FUNCTION", m.group(1)) + "complete -F _taskgrid_complete " + m.group(2) + "\n";
    }

    private static final String HOOK = """

            # Agent ids and labels come from the controller (taskgrid __complete): at most 2 s, nothing when it does not
            # answer, never an error in the line being typed.
            function _taskgrid_from_controller() {
              local -a args=()
              local i
              for ((i = 1; i < COMP_CWORD; i++)); do
                case "${COMP_WORDS[i]}" in
                  --controller) args=(--controller "${COMP_WORDS[i+1]}") ;;
                  --controller=*) args=("${COMP_WORDS[i]}") ;;
                esac
              done
              if command -v timeout >/dev/null 2>&1; then
                timeout 2 "${COMP_WORDS[0]}" __complete "$1" "${args[@]}" </dev/null 2>/dev/null
              else
                "${COMP_WORDS[0]}" __complete "$1" "${args[@]}" </dev/null 2>/dev/null
              fi
            }

            function _taskgrid_complete() {
              local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
              local cmd="" at=0 i
              for ((i = 1; i < COMP_CWORD; i++)); do
                case "${COMP_WORDS[i]}" in
                  --controller) ((i++)) ;;
                  -*) ;;
                  *) cmd="${COMP_WORDS[i]}"; at=$i; break ;;
                esac
              done
              if [[ "$cmd" == submit && "$prev" == --require ]]; then
                local word="${cur#\\'}" bang="" label
                [[ "$word" == \\!* ]] && bang=1 && word="${word#\\!}"
                COMPREPLY=()
                while IFS= read -r label; do
                  [[ -n "$label" && "$label" == "$word"* ]] || continue
                  if [[ -n "$bang" ]]; then COMPREPLY+=("'!$label'"); else COMPREPLY+=("$label"); fi
                done < <(_taskgrid_from_controller labels)
                return 0
              fi
              if [[ ( "$cmd" == drain || "$cmd" == resume ) && "$cur" != -* && "$prev" != --reason && "$prev" != --controller ]]; then
                local given=0
                for ((i = at + 1; i < COMP_CWORD; i++)); do
                  case "${COMP_WORDS[i]}" in
                    --reason|--controller) ((i++)) ;;
                    -*) ;;
                    *) given=1 ;;
                  esac
                done
                if ((given == 0)); then
                  local id
                  COMPREPLY=()
                  while IFS= read -r id; do
                    [[ -n "$id" && "$id" == "$cur"* ]] && COMPREPLY+=("$id")
                  done < <(_taskgrid_from_controller agents)
                  return 0
                fi
              fi
              PICOCLI_FUNCTION "$@"
            }

            """;

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
