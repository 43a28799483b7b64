package io.taskgrid.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Manual pages that {@code man} reads directly (roff), one a command, made from the same model as --help: a package
 * ships them without needing asciidoctor at build time. The body is the command's help, kept as it is laid out.
 */
final class RoffPages {
    private final String version;

    RoffPages(String version) {
        this.version = version;
    }

    /** Writes {@code taskgrid.1}, {@code taskgrid-submit.1} … into {@code folder}; answers the files written. */
    List<Path> write(CommandLine root, Path folder) throws IOException {
        List<Path> written = new ArrayList<>();
        write(root, root.getCommandName(), folder, written);
        return written;
    }

    private void write(CommandLine command, String pageName, Path folder, List<Path> written) throws IOException {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        Path page = folder.resolve(pageName + ".1");
        Files.writeString(page, page(command, pageName), StandardCharsets.UTF_8);
        written.add(page);
        for (CommandLine sub : command.getSubcommands().values()) {
            // aliases appear in getSubcommands() too; one page per command
            if (sub.getCommandName().equals(sub.getCommandSpec().name()) && !written.contains(folder.resolve(pageName + "-" + sub.getCommandName() + ".1"))) {
                write(sub, pageName + "-" + sub.getCommandName(), folder, written);
            }
        }
    }

    String page(CommandLine command, String pageName) {
        String[] description = command.getCommandSpec().usageMessage().description();
        String summary = description.length == 0 ? "TaskGrid" : description[0];
        StringBuilder roff = new StringBuilder();
        roff.append(".TH \"").append(pageName.toUpperCase(Locale.ROOT)).append("\" \"1\" \"\" \"TaskGrid ")
                .append(escape(version)).append("\" \"TaskGrid Manual\"\n");
        roff.append(".SH NAME\n").append(escape(pageName)).append(" \\- ").append(escape(summary)).append('\n');
        roff.append(".SH SYNOPSIS\n.nf\n");
        for (String line : command.getUsageMessage(Ansi.OFF).split("\n", -1)) {
            roff.append(escape(line)).append('\n');
        }
        roff.append(".fi\n");
        return roff.toString();
    }

    /** A backslash is roff's escape; a line starting with a dot or an apostrophe would be read as a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
