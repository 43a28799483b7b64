package io.taskgrid.console;

import org.jline.reader.EOFError;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

import java.util.List;

/** How the shell splits a line into words, as a POSIX shell would for the simple cases: spaces, quotes, backslash. */
final class ShellWords {
    private ShellWords() {
    }

    /** The shell's parser; an unclosed quote asks for the rest of the line. */
    static DefaultParser parser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true);
        return parser;
    }

    /**
     * The words of {@code line}, quotes removed; none for a blank line.
     *
     * @throws EOFError when a quote is not closed
     */
    static List<String> split(Parser parser, String line) {
        String text = line.stripTrailing(); // no empty word after a trailing space
        if (text.isBlank()) {
            return List.of();
        }
        return List.copyOf(parser.parse(text, text.length(), Parser.ParseContext.ACCEPT_LINE).words());
    }
}
