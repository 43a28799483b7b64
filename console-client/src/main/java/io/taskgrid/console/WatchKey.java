package io.taskgrid.console;

import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

import static org.jline.keymap.KeyMap.ctrl;
import static org.jline.keymap.KeyMap.del;
import static org.jline.keymap.KeyMap.esc;
import static org.jline.keymap.KeyMap.key;

/** The keys the full-screen {@code watch} knows, and how the terminal's bytes map to them. */
enum WatchKey {
    UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, CANCEL, FILTER, QUIT, YES, NO,
    /** Characters typed into the filter. */
    TEXT,
    /** Any other key: nothing happens (and the view does not wait for more). */
    OTHER;

    /** Between an Esc and the rest of an arrow key's sequence; an Esc alone is taken as Esc after this. */
    private static final long ESCAPE_ALONE_AFTER_MILLIS = 100;

    /** The keys in the table, the detail and the confirmation: letters are commands. */
    static KeyMap<WatchKey> commands(Terminal terminal) {
        KeyMap<WatchKey> keys = movement(terminal);
        keys.bind(UP, "k");
        keys.bind(DOWN, "j");
        keys.bind(PAGE_DOWN, " ");
        keys.bind(HOME, "g");
        keys.bind(END, "G");
        keys.bind(CANCEL, "c");
        keys.bind(FILTER, "/");
        keys.bind(QUIT, "q", "Q");
        keys.bind(YES, "y", "Y");
        keys.bind(NO, "n", "N");
        return keys;
    }

    /** The keys while the filter is typed: letters are text. */
    static KeyMap<WatchKey> typing(Terminal terminal) {
        KeyMap<WatchKey> keys = movement(terminal);
        keys.setUnicode(TEXT);
        for (char c = ' '; c < 127; c++) {
            keys.bind(TEXT, String.valueOf(c));
        }
        return keys;
    }

    private static KeyMap<WatchKey> movement(Terminal terminal) {
        KeyMap<WatchKey> keys = new KeyMap<>();
        keys.setNomatch(OTHER);
        keys.setUnicode(OTHER);
        keys.setAmbiguousTimeout(ESCAPE_ALONE_AFTER_MILLIS);
        bind(keys, UP, terminal, Capability.key_up, "\u001b[A", "\u001bOA");
        bind(keys, DOWN, terminal, Capability.key_down, "\u001b[B", "\u001bOB");
        bind(keys, PAGE_UP, terminal, Capability.key_ppage, "\u001b[5~");
        bind(keys, PAGE_DOWN, terminal, Capability.key_npage, "\u001b[6~");
        bind(keys, HOME, terminal, Capability.key_home, "\u001b[H", "\u001b[1~", "\u001bOH");
        bind(keys, END, terminal, Capability.key_end, "\u001b[F", "\u001b[4~", "\u001bOF");
        keys.bind(ENTER, "\r", "\n");
        keys.bind(ESCAPE, esc());
        keys.bind(BACKSPACE, del(), ctrl('H'));
        keys.bind(QUIT, ctrl('D'), ctrl('C')); // Ctrl-C as a key: where the terminal does not make it a signal
        return keys;
    }

    /** Binds the terminal's own sequence for {@code capability} (when its terminfo has one) and the usual ones. */
    private static void bind(KeyMap<WatchKey> keys, WatchKey to, Terminal terminal, Capability capability, String... usual) {
        keys.bind(to, usual);
        String own = key(terminal, capability);
        if (own != null && !own.isEmpty()) {
            keys.bind(to, own);
        }
    }
}
