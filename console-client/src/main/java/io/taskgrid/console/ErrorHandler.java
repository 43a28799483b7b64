package io.taskgrid.console;

import io.taskgrid.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The one place where errors become exit codes and a sentence on stderr, never a stack trace (the stack
 * goes to the debug log).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code;
        if (ex instanceof ClientException ce) {
            LOG.debug("{} failed", commandLine.getCommandName(), ce);
            err.println(ce.getMessage());
            code = ExitCodes.of(ce);
        } else {
            LOG.debug("{} stopped on an unexpected error", commandLine.getCommandName(), ex);
            err.println("taskgrid " + commandLine.getCommandName() + " stopped on an unexpected error ("
                    + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                    + "). Please report it with the command you ran.");
            code = CommandLine.ExitCode.SOFTWARE;
        }
        err.flush();
        commandLine.getOut().flush();
        return code;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run `" + commandLine.getCommandSpec().qualifiedName() + " --help` for how to use it.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
