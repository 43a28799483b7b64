package io.taskgrid.fx;

import io.taskgrid.api.client.ClientKind;
import io.taskgrid.client.Directions;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.client.NamedThreads;
import io.taskgrid.client.session.ConnectionListener;
import io.taskgrid.client.session.ConnectionStatus;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.Credentials;
import io.taskgrid.client.session.Connector;
import io.taskgrid.client.session.LiveConnection;
import io.taskgrid.client.session.LoginPrompt;
import io.taskgrid.client.session.RmiConnector;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The desktop client: a window on a controller. {@link #run} starts JavaFX and blocks until the window is
 * closed; {@link #open} puts the client into a stage the caller owns (tests, the screenshot).
 *
 * <p>Threads: "taskgrid-fx-rmi" (two threads for remote calls of the view models), "taskgrid-fx-events"
 * (coalesces events for the window), "taskgrid-fx-output" (follows a running task's output for its detail
 * window), plus the {@link LiveConnection}'s. {@link #close()} stops them in the order connection → output
 * following → event coalescing → remote calls.
 */
public final class DesktopClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopClient.class);
    static final Duration COALESCE = Duration.ofMillis(100);
    /** How long connecting to the controller's registry may take. */
    static final Duration CONNECT_TIMEOUT = RmiConnector.DEFAULT_TIMEOUT;
    /** How the desktop's sentences name its own controls. */
    static final Directions DIRECTIONS = new Directions("choose another one with Connect to… in the tool bar",
            "Choose the controller's port with Connect to… in the tool bar", "the history lists the known tasks",
            "Choose Connect to… to log in again");

    private final ExecutorService rmi = Executors.newFixedThreadPool(2, NamedThreads.daemon("taskgrid-fx-rmi"));
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(
            NamedThreads.daemon("taskgrid-fx-events"));
    /** One thread per open detail window whose task runs: follows its output. */
    private final ExecutorService output = Executors.newCachedThreadPool(NamedThreads.daemon("taskgrid-fx-output"));
    private final MainViewModel model;
    private final MainView view;
    private final LiveConnection connection;
    private final ThemeSwitch theme;
    private boolean closed;

    private DesktopClient(Stage stage, DesktopOptions options, Connector connector, LoginPrompt prompt,
                          LiveConnection.Settings settings, DesktopPreferences preferences, FileOpener opener) {
        Background background = new Background(rmi, Platform::runLater);
        Clock clock = Clock.systemDefaultZone();
        ConnectionHolder holder = new ConnectionHolder();
        model = new MainViewModel(holder::gateway, background, output, options.user(), clock, opener);
        model.notifyProperty().set(preferences.notifyTaskEnds());
        model.notifyProperty().addListener((o, was, on) -> preferences.notifyTaskEnds(on));
        EventCoalescer coalescer = new EventCoalescer(events, COALESCE, Platform::runLater, model::apply);
        LoginPrompt login = prompt != null ? prompt : new LoginDialog(stage);
        connection = new LiveConnection(connector, options.transport(), new Credentials(options.user(), options.password()),
                login, DIRECTIONS, settings, new FxConnectionListener(model, coalescer));
        holder.connection = connection;
        ThemeSwitch theme = new ThemeSwitch(preferences.theme(), SystemTheme::prefersDark);
        theme.choiceProperty().addListener((o, was, now) -> preferences.theme(now));
        model.history().showStates(preferences.states());
        model.history().filterStatesProperty().addListener((o, was, now) -> preferences.states(now));
        view = new MainView(stage, model, new Formats(clock), connection::connect, options.workingDirectory(), theme);
        this.theme = theme;
        stage.setTitle("TaskGrid");
        stage.setScene(view.build());
        new WindowMemory(preferences).apply(stage, view.table(), 760, 480);
        connection.connect(options.controller());
    }

    /** Hands what the connection tells on to the FX thread; events through the coalescer. */
    private record FxConnectionListener(MainViewModel model, EventCoalescer coalescer) implements ConnectionListener {
        @Override
        public void connected(ControllerGateway gateway, ControllerInfo info, String user) {
            Platform.runLater(() -> model.connected(info, user));
        }

        @Override
        public void events(List<GridEvent> list) {
            coalescer.add(list);
        }

        @Override
        public void missed() {
            Platform.runLater(model::missed);
        }

        @Override
        public void status(ConnectionStatus status) {
            Platform.runLater(() -> model.status(status));
        }
    }

    /** Lets the view models ask for the current session before the connection exists. */
    private static final class ConnectionHolder {
        private LiveConnection connection;

        ControllerGateway gateway() {
            return connection.gateway();
        }
    }

    /**
     * Builds the client's window in {@code stage} and starts connecting; call on the FX thread. The caller shows
     * the stage and closes the client when done.
     */
    public static DesktopClient open(Stage stage, DesktopOptions options) {
        return open(stage, options, DesktopPreferences.forThisUser());
    }

    /** With preferences of its own (tests, the screenshot: not the person's). */
    static DesktopClient open(Stage stage, DesktopOptions options, DesktopPreferences preferences) {
        return open(stage, options, LiveConnection.Settings.defaults(options.callbackPort(), options.pullEvents()), preferences);
    }

    static DesktopClient open(Stage stage, DesktopOptions options, LiveConnection.Settings settings,
                              DesktopPreferences preferences) {
        return open(stage, options, new RmiConnector(options.transport(), CONNECT_TIMEOUT, ClientKind.DESKTOP, DIRECTIONS),
                settings, preferences);
    }

    /** With another way of opening sessions (tests: a callback the controller cannot call). */
    static DesktopClient open(Stage stage, DesktopOptions options, Connector connector, LiveConnection.Settings settings,
                              DesktopPreferences preferences) {
        return new DesktopClient(stage, options, connector, null, settings, preferences, FileOpener.system());
    }

    /** With an opener of files of its own (tests: one that records what it was asked to open). */
    static DesktopClient open(Stage stage, DesktopOptions options, DesktopPreferences preferences, FileOpener opener) {
        return new DesktopClient(stage, options, new RmiConnector(options.transport(), CONNECT_TIMEOUT, ClientKind.DESKTOP,
                DIRECTIONS), null, LiveConnection.Settings.defaults(options.callbackPort(), options.pullEvents()), preferences,
                opener);
    }

    /**
     * Starts JavaFX, shows the window and blocks until the user closes it; then ends the session and stops
     * JavaFX. One window per process.
     */
    public static void run(DesktopOptions options) throws InterruptedException {
        CountDownLatch closedWindow = new CountDownLatch(1);
        DesktopClient[] client = new DesktopClient[1];
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            Stage stage = new Stage();
            client[0] = open(stage, options);
            stage.setOnHidden(e -> closedWindow.countDown());
            stage.show();
        });
        closedWindow.await();
        if (client[0] != null) {
            client[0].close();
        }
        Platform.exit();
    }

    /** Whether a window can be shown: an X11 or Wayland display is named in the environment. */
    public static boolean displayAvailable(Map<String, String> environment) {
        return notBlank(environment.get("DISPLAY")) || notBlank(environment.get("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    MainViewModel model() {
        return model;
    }

    MainView view() {
        return view;
    }

    ThemeSwitch theme() {
        return theme;
    }

    /** Ends the session and stops the client's threads; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.close();
        output.shutdownNow();
        events.shutdownNow();
        rmi.shutdown();
        try {
            if (!rmi.awaitTermination(2, TimeUnit.SECONDS)) {
                rmi.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("Desktop client closed");
    }
}
