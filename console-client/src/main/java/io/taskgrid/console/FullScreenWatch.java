package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.output.OutputFollower;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.ReconnectingGateway;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code watch} in a person's terminal: a full-screen view on the alternate screen (the shell's screen comes back at
 * the end) that redraws only the rows that changed (JLine's {@link Display}), follows resizes, and takes keys.
 *
 * <p>Threads: the calling thread owns the {@link WatchState} and the terminal: it reads keys, applies what the other
 * threads post to {@link #inbox}, and draws. "taskgrid-watch-events" long-polls the controller's events;
 * "taskgrid-watch-output" follows the output of the task whose detail is open; "taskgrid-watch-actions" cancels. They
 * never touch the state themselves. Ctrl-C, q and the end of input all leave the same way: the terminal is restored
 * (its modes, the cursor, the screen) before the farewell line is printed.
 */
final class FullScreenWatch {
    /** How long a key is waited for before the inbox is looked at again. */
    private static final long KEY_WAIT_MILLIS = 100;
    private static final Duration REDRAW_EVERY = Duration.ofSeconds(1);
    private static final Duration NOTE_FOR = Duration.ofSeconds(5);

    private final Terminal terminal;
    private final Clock clock;
    private final Duration longPoll;
    private final OutputFollower.Pause pause;
    private final WatchState state = new WatchState();
    private final Queue<Consumer<WatchState>> inbox = new ConcurrentLinkedQueue<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> daemon(r, "taskgrid-watch-events"));
    private final ExecutorService output = Executors.newSingleThreadExecutor(r -> daemon(r, "taskgrid-watch-output"));
    private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> daemon(r, "taskgrid-watch-actions"));
    private volatile boolean quit;
    private volatile boolean resized;
    private volatile RuntimeException failure;
    private OutputTail tail = new OutputTail(() -> { });
    private Future<?> following;

    FullScreenWatch(Terminal terminal, Clock clock, Duration longPoll, OutputFollower.Pause pause) {
        this.terminal = terminal;
        this.clock = clock;
        this.longPoll = longPoll.compareTo(REDRAW_EVERY) < 0 ? longPoll : REDRAW_EVERY;
        this.pause = pause;
    }

    /** Notes for the bottom row when the controller goes and comes back (not lines on stderr: they would tear the view). */
    ReconnectingGateway.Listener reconnectNotes() {
        return new ReconnectingGateway.Listener() {
            @Override
            public void lost(ControllerAddress address, ControllerUnreachableException cause, Duration giveUpAfter) {
                post(s -> s.note("Lost the controller at " + address + "; reconnecting by itself for up to "
                        + giveUpAfter.toMinutes() + " min (q to stop).", Instant.MAX));
            }

            @Override
            public void reconnected(ControllerAddress address) {
                post(s -> s.note("Reconnected to the controller at " + address + ".", clock.instant().plus(NOTE_FOR)));
            }
        };
    }

    /** Runs until q, Ctrl-C or the end of input; the terminal is given back as it was found, then closed. */
    void run(ControllerGateway gateway, TaskText text) {
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler onInterrupt = terminal.handle(Terminal.Signal.INT, s -> quit = true);
        Terminal.SignalHandler onResize = terminal.handle(Terminal.Signal.WINCH, s -> resized = true);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        try {
            events.execute(() -> followEvents(gateway));
            loop(gateway, new WatchLayout(text, gateway.address().toString()));
        } finally {
            events.shutdownNow();
            output.shutdownNow();
            actions.shutdownNow();
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.setAttributes(saved);
            terminal.handle(Terminal.Signal.INT, onInterrupt);
            terminal.handle(Terminal.Signal.WINCH, onResize);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void loop(ControllerGateway gateway, WatchLayout layout) {
        BindingReader keys = new BindingReader(terminal.reader());
        KeyMap<WatchKey> commands = WatchKey.commands(terminal);
        KeyMap<WatchKey> typing = WatchKey.typing(terminal);
        Display display = new Display(terminal, true);
        Size size = size();
        display.resize(size.getRows(), size.getColumns());
        Instant drawnAt = Instant.MIN;
        boolean changed = true;
        while (!quit && failure == null) {
            int next = keys.peekCharacter(KEY_WAIT_MILLIS);
            if (next == NonBlockingReader.EOF) {
                break;
            }
            if (next != NonBlockingReader.READ_EXPIRED) {
                WatchKey key = keys.readBinding(state.mode() == WatchState.Mode.FILTERING ? typing : commands);
                act(gateway, state.press(key == null ? WatchKey.OTHER : key, keys.getLastBinding()));
                changed = true;
            }
            for (Consumer<WatchState> update; (update = inbox.poll()) != null; ) {
                update.accept(state);
                changed = true;
            }
            if (resized) {
                resized = false;
                size = size();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                changed = true;
            }
            Instant now = clock.instant();
            if (changed || !now.isBefore(drawnAt.plus(REDRAW_EVERY))) {
                // A list of its own: Display changes the list it is given.
                display.update(new ArrayList<>(layout.rows(state, tail, size.getColumns(), size.getRows(), now)),
                        size.cursorPos(size.getRows() - 1, 0));
                terminal.flush();
                drawnAt = now;
                changed = false;
            }
        }
    }

    private void act(ControllerGateway gateway, WatchState.Effect effect) {
        if (effect instanceof WatchState.Effect.Quit) {
            quit = true;
        } else if (effect instanceof WatchState.Effect.Cancel c) {
            actions.execute(() -> cancel(gateway, c.taskId()));
        } else if (effect instanceof WatchState.Effect.Follow f) {
            follow(gateway, f.taskId());
        } else if (effect instanceof WatchState.Effect.Unfollow) {
            unfollow();
        }
    }

    private void cancel(ControllerGateway gateway, long taskId) {
        String said;
        try {
            TaskRecord t = gateway.cancel(taskId);
            said = Outcomes.afterCancel(t);
            post(s -> s.apply(t));
        } catch (ClientException e) {
            said = "Task " + taskId + " was not cancelled: " + e.getMessage();
        }
        String sentence = said;
        post(s -> s.note(sentence, clock.instant().plus(NOTE_FOR)));
    }

    private void follow(ControllerGateway gateway, long taskId) {
        unfollow();
        OutputTail fresh = new OutputTail(() -> post(s -> { }));
        tail = fresh;
        following = output.submit(() -> {
            try {
                new OutputFollower(gateway, pause).follow(taskId, fresh);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the detail was closed
            } catch (ClientException e) {
                post(s -> s.note("The output of task " + taskId + " cannot be shown: " + e.getMessage(), Instant.MAX));
            }
        });
    }

    private void unfollow() {
        if (following != null) {
            following.cancel(true);
            following = null;
        }
        tail = new OutputTail(() -> { });
    }

    /** The events loop: a reload first and after missed events, then each task change as it comes. */
    private void followEvents(ControllerGateway gateway) {
        try {
            long cursor = gateway.events(0, Duration.ZERO).lastSequence();
            List<TaskRecord> now = WatchCommand.activeTasks(gateway);
            post(s -> s.reload(now));
            while (!quit && !Thread.currentThread().isInterrupted()) {
                EventBatch batch = gateway.events(cursor, longPoll);
                cursor = Math.max(cursor, batch.lastSequence());
                if (batch.missed()) {
                    List<TaskRecord> reloaded = WatchCommand.activeTasks(gateway);
                    post(s -> s.reload(reloaded));
                }
                for (GridEvent event : batch.events()) {
                    if (event instanceof TaskEvent te) {
                        post(s -> s.apply(te.task()));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!quit) {
                failure = e; // the controller did not come back, or refused this client: said after the screen is restored
            }
        }
    }

    private void post(Consumer<WatchState> update) {
        inbox.add(update);
    }

    private Size size() {
        Size size = terminal.getSize();
        return size == null || size.getRows() < 3 || size.getColumns() < 10 ? new Size(80, 24) : size;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
