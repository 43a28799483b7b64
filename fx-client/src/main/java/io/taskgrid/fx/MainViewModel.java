package io.taskgrid.fx;

import io.taskgrid.client.session.ConnectionStatus;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The main window's state: the connection as the status bar shows it, the history, the pool, the open detail
 * windows, and which ends of tasks deserve a notification. Every method runs on the FX thread.
 */
final class MainViewModel {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MainViewModel.class);
    /** How many of the newest tasks the timeline is loaded with on connecting. */
    static final int TIMELINE_SNAPSHOT = 1_000;
    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final ExecutorService following;
    /** Who this window logs in as: its tasks' ends are notified; "Connect to…" starts from it. */
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper();
    private final Clock clock;
    private final Instant openedAt;
    private final HistoryViewModel history;
    private final PoolViewModel pool;
    private final UsageViewModel usage;
    private final TimelineModel timeline;
    private final TaskActions actions;
    private final RunAgain runAgain;
    private final ResultOpener results;
    private final List<DetailViewModel> details = new CopyOnWriteArrayList<>();
    private final Set<Long> submittedHere = new HashSet<>();
    private final Set<Long> tasksNotified = new HashSet<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not connected.");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ControllerInfo> controller = new ReadOnlyObjectWrapper<>();
    private final List<Consumer<EndNotice>> notifications = new ArrayList<>();
    private final TaskEndNotices notices;
    private final BooleanProperty notify = new SimpleBooleanProperty(true);

    /**
     * @param following where detail windows follow their running task's output (one blocking reader each); the
     *                  caller owns it and shuts it down
     */
    MainViewModel(Supplier<ControllerGateway> gateway, Background background, ExecutorService following, String user,
                  Clock clock) {
        this(gateway, background, following, user, clock, FileOpener.system());
    }

    /** @param opener opens result folders in the desktop's file manager */
    MainViewModel(Supplier<ControllerGateway> gateway, Background background, ExecutorService following, String user,
                  Clock clock, FileOpener opener) {
        this.gateway = gateway;
        this.background = background;
        this.following = following;
        this.user.set(user);
        this.clock = clock;
        this.openedAt = clock.instant();
        this.notices = new TaskEndNotices(clock, TaskEndNotices.GAP);
        notify.addListener((o, was, on) -> {
            if (!on) {
                notices.clear();
            }
        });
        this.history = new HistoryViewModel(gateway, background);
        this.pool = new PoolViewModel(gateway, background, clock);
        this.timeline = new TimelineModel(clock);
        this.usage = new UsageViewModel(gateway, background);
        this.runAgain = new RunAgain(gateway, background, new SubmittedPrograms(), this::submitted);
        this.results = new ResultOpener(background, () -> controller.get() == null ? null : controller.get().sharedRoot(), opener);
        this.actions = new TaskActions(gateway, background, history, runAgain, results);
    }

    HistoryViewModel history() {
        return history;
    }

    PoolViewModel pool() {
        return pool;
    }

    /** Who used the pool recently (the Users tab). */
    UsageViewModel usage() {
        return usage;
    }

    /** Which task ran on which agent, when: fed by the task events. */
    TimelineModel timeline() {
        return timeline;
    }

    /** Cancel, hold, release and another priority for the history's selected tasks. */
    TaskActions actions() {
        return actions;
    }

    /** Opens result folders (the detail's button, the history's menu). */
    ResultOpener results() {
        return results;
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    ReadOnlyStringProperty userProperty() {
        return user.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<ControllerInfo> controllerProperty() {
        return controller.getReadOnlyProperty();
    }

    /** Called with a notice when tasks of this user end, at most one every {@link TaskEndNotices#GAP}. */
    void onNotification(Consumer<EndNotice> sink) {
        notifications.add(sink);
    }

    /** Whether the ends of this user's tasks are notified (the person's setting). */
    BooleanProperty notifyProperty() {
        return notify;
    }

    /** Called every second or so: shows the notice held back, once its time has come. */
    void tick() {
        notices.due().ifPresent(this::publish);
        history.arrays().flush(); // the counts of arrays whose members changed in the last second
    }

    private void publish(EndNotice notice) {
        notifications.forEach(n -> n.accept(notice));
    }

    void connected(ControllerInfo info, String loggedInAs) {
        user.set(loggedInAs);
        controller.set(info);
        history.reload();
        pool.reload();
        reloadTimeline();
        details.forEach(DetailViewModel::load);
    }

    /** The newest tasks, for the runs that ended before this window heard of them (or while the controller was away). */
    private void reloadTimeline() {
        background.run(() -> gateway.get().history(HistoryQuery.newest(TIMELINE_SNAPSHOT)), timeline::reload,
                why -> LOG.debug("The timeline keeps what it had: {}", why)); // the history shows the same failure
    }

    void status(ConnectionStatus s) {
        status.set(StatusSentences.of(s));
        address.set(s.address() == null ? "" : s.address().toString());
        boolean was = connected.get();
        connected.set(s.connected());
        if (was && !s.connected()) {
            // Until the reconnection reloads them, what is shown may have changed unseen.
            history.stale(clock.instant());
            pool.stale();
            timeline.stale(clock.instant());
        }
    }

    /** Events after coalescing, in order. */
    void apply(List<GridEvent> events) {
        List<TaskRecord> tasks = new ArrayList<>();
        for (GridEvent e : events) {
            if (e instanceof TaskEvent t) {
                tasks.add(t.task());
                timeline.apply(t.task());
                for (DetailViewModel d : details) {
                    d.apply(t.task());
                }
                notifyIfMine(t.task());
            } else if (e instanceof AgentEvent a) {
                pool.apply(a);
            } else if (e instanceof ClientEvent c) {
                pool.apply(c);
            }
        }
        if (!tasks.isEmpty()) {
            history.apply(tasks);
        }
    }

    /** Events were lost on the way: load again what is shown. */
    void missed() {
        history.reload();
        pool.reload();
        reloadTimeline();
    }

    private void notifyIfMine(TaskRecord t) {
        if (!t.state().isFinal() || t.state() == TaskState.REJECTED) {
            return;
        }
        boolean mine = submittedHere.remove(t.id())
                || (user.get().equals(t.clientUser()) && t.submittedAt() != null && t.submittedAt().isAfter(openedAt));
        if (mine && tasksNotified.add(t.id()) && notify.get()) {
            notices.ended(t).ifPresent(this::publish);
        }
    }

    /** The detail window's model for a task; it follows the task's events until {@link #closed}. */
    DetailViewModel openDetail(TaskRow row) {
        return openDetail(row.id(), row.task());
    }

    /** As {@link #openDetail(TaskRow)}; {@code known} may be null (the window fills in once the task is fetched). */
    DetailViewModel openDetail(long taskId, TaskRecord known) {
        ControllerInfo info = controller.get();
        DetailViewModel d = new DetailViewModel(taskId, known, gateway, background, following, runAgain,
                info == null ? null : info.sharedRoot());
        details.add(d);
        d.load();
        return d;
    }

    void closed(DetailViewModel d) {
        d.close();
        details.remove(d);
    }

    SubmitViewModel newSubmission(Path workingDirectory) {
        ControllerInfo info = controller.get();
        return new SubmitViewModel(gateway, background, info == null ? null : info.sharedRoot(), workingDirectory,
                runAgain.programs());
    }

    /** Remembers a task submitted from this window, to notify its end. */
    void submitted(TaskRecord t) {
        submittedHere.add(t.id());
        history.apply(List.of(t));
    }
}
