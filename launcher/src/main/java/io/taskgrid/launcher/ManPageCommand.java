package io.taskgrid.launcher;

import io.taskgrid.client.InputRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "manpage", mixinStandardHelpOptions = true,
        description = {"Writes the manual pages of taskgrid and each of its commands into FOLDER.",
                "They are made from the same model as --help (picocli's ManPageGenerator), as AsciiDoc: taskgrid.adoc,"
                        + " taskgrid-submit.adoc …; asciidoctor turns them into pages for man."},
        footer = {"", "Example:", "  taskgrid manpage man && asciidoctor -b manpage -D man man/*.adoc && man man/taskgrid-logs.1"})
final class ManPageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Where to write the pages (made if missing; pages there are replaced).")
    Path folder;

    @Option(names = "--roff", description = "Write pages man reads as they are (taskgrid.1, taskgrid-submit.1 …: the"
            + " help of each command) instead of AsciiDoc; what the release archive and the package ship.")
    boolean roff;

    @Override
    public Integer call() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InputRefusedException("Cannot make the folder " + folder + " for the manual pages (" + e.getMessage() + ").", e);
        }
        if (!Files.isWritable(folder)) {
            throw new InputRefusedException("Cannot write the manual pages into " + folder + ": it is not writable.");
        }
        if (roff) {
            return writeRoff();
        }
        int exit;
        try {
            exit = ManPageGenerator.generateManPage(folder.toFile(), null, new boolean[0], true, spec.root());
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the manual pages into " + folder + " failed", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Path> pages;
        try (Stream<Path> files = Files.list(folder)) {
            pages = files.filter(p -> p.getFileName().toString().endsWith(".adoc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path page : pages) {
            escapeBrackets(page);
        }
        out.println("Wrote " + pages.size() + " manual pages (AsciiDoc) into " + folder + "; turn them into man pages with:");
        out.println("  asciidoctor -b manpage -D " + folder + " " + folder + "/*.adoc");
        out.flush();
        return exit;
    }

    private int writeRoff() {
        String version = ManPageCommand.class.getPackage().getImplementationVersion();
        List<Path> pages;
        try {
            pages = new RoffPages(version == null ? "(development build)" : version).write(spec.root().commandLine(), folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the manual pages into " + folder + " failed", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + pages.size() + " manual pages into " + folder + "; read one with: man -l " + folder + "/taskgrid.1");
        out.flush();
        return 0;
    }

    /**
     * {@code HOST[:PORT]} in a synopsis reads to AsciiDoc as the start of an attribute list and swallows the rest of
     * the line; written with AsciiDoc's own names for the brackets, it shows as typed.
     */
    private static void escapeBrackets(Path page) {
        try {
            String text = Files.readString(page);
            String escaped = text.replace("HOST[:PORT]", "HOST{startsb}:PORT{endsb}");
            if (!escaped.equals(text)) {
                Files.writeString(page, escaped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not finish the manual page " + page, e);
        }
    }
}
