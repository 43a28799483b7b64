package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.client.ClientInfo;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lower half of the main window: the agents (CPUs and memory held of those offered, CPU load, labels, runtimes) and the connected clients,
 * bound to {@link PoolViewModel}; while the controller is away the agents are shown as unknown.
 */
final class PoolView {
    /** Style class of an agent an administrator drained. */
    static final String DRAINING = "draining";
    /** Style class of an agent the controller declared lost (it stays listed a while, greyed). */
    static final String LOST = "lost";
    private final PoolViewModel pool;
    private final Formats formats;

    PoolView(PoolViewModel pool, Formats formats) {
        this.pool = pool;
        this.formats = formats;
    }

    SplitPane build() {
        TableView<AgentInfo> agents = new TableView<>(pool.agents());
        agents.setId("agents");
        agents.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        agents.getColumns().add(text("Agent UID", 170, 90, AgentInfo::id));
        agents.getColumns().add(text("Host", 90, 60, AgentInfo::host));
        agents.getColumns().add(cpus());
        TableColumn<AgentInfo, String> memory = text("Memory", 90, 84, ResourceWords::memory);
        memory.setId("agents-memory");
        agents.getColumns().add(memory);
        TableColumn<AgentInfo, AgentInfo> cpu = new TableColumn<>("CPU");
        cpu.setPrefWidth(110);
        cpu.setMinWidth(80);
        cpu.setSortable(false);
        cpu.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        cpu.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label label = new Label();
            private final StackPane pane = new StackPane(bar, label);

            {
                bar.setMaxWidth(Double.MAX_VALUE);
                label.getStyleClass().add("cpu-label");
            }

            @Override
            protected void updateItem(AgentInfo item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    double load = pool.staleProperty().get() || pool.lostSince(item.id()) != null ? -1 : item.cpuLoad();
                    bar.setProgress(load < 0 ? 0 : Math.min(1, load));
                    label.setText(load < 0 ? "unknown" : Math.round(load * 100) + " %");
                    setGraphic(pane);
                }
            }
        });
        agents.getColumns().add(cpu);
        agents.getColumns().add(new LoadColumn(pool, formats).build());
        agents.getColumns().add(text("State", 130, 90, this::state));
        agents.getColumns().add(text("Labels", 100, 72, a -> String.join(", ", a.labels())));
        agents.getColumns().add(text("Runtimes", 260, a -> a.runtimes().stream().map(PoolView::runtime)
                .collect(Collectors.joining(", "))));
        agents.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(AgentInfo item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(MainView.STALE, DRAINING, LOST);
                if (!empty && pool.lostSince(item.id()) != null) {
                    getStyleClass().add(LOST);
                } else if (!empty && pool.staleProperty().get()) {
                    getStyleClass().add(MainView.STALE);
                } else if (!empty && item.draining()) {
                    getStyleClass().add(DRAINING); // an administrator took it out of service: marked, not hidden
                }
            }
        });
        agents.setContextMenu(new PoolMenu(agents, pool).build());
        pool.staleProperty().addListener((o, was, now) -> agents.refresh());
        agents.setPlaceholder(new Label("No agent is connected; start one with `taskgrid agent --controller HOST:PORT`."));

        TableView<ClientInfo> clients = new TableView<>(pool.clients());
        clients.setId("clients");
        clients.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        clients.getColumns().add(text("User", 90, ClientInfo::user));
        clients.getColumns().add(text("Host", 110, ClientInfo::host));
        clients.getColumns().add(text("Kind", 80, c -> c.kind().name().toLowerCase(Locale.ROOT)));
        clients.getColumns().add(text("Since", 90, c -> formats.when(c.connectedAt())));
        clients.setPlaceholder(new Label("No client is listed until the window is connected to a controller."));

        Label agentsTitle = title("Agents");
        Label summary = new Label();
        summary.getStyleClass().add("dim");
        summary.textProperty().bind(pool.summaryProperty());
        HBox agentsHeader = new HBox(10, agentsTitle, summary);
        agentsHeader.setAlignment(Pos.BASELINE_LEFT);
        VBox left = new VBox(4, agentsHeader, MainView.errorLabel(pool.errorProperty()), agents);
        VBox right = new VBox(4, title("Clients"), clients);
        VBox.setVgrow(agents, Priority.ALWAYS);
        VBox.setVgrow(clients, Priority.ALWAYS);
        left.setPadding(new Insets(6));
        right.setPadding(new Insets(6));
        SplitPane pool = new SplitPane(left, right);
        pool.setDividerPositions(0.7);
        return pool;
    }

    /** "takes tasks", "drained: maintenance", or "lost since 12:03" for an agent the controller declared lost. */
    private String state(AgentInfo agent) {
        java.time.Instant lost = pool.lostSince(agent.id());
        return lost == null ? agent.availability() : "lost since " + formats.when(lost);
    }

    /** "python 3.11.2": the language and the first word of its version that has a digit. */
    private static String runtime(RuntimeInfo r) {
        for (String word : r.version().split("[\\s,()\"]+")) {
            if (word.chars().anyMatch(Character::isDigit)) {
                return r.language().displayName() + " " + word;
            }
        }
        return r.language().displayName();
    }

    /**
     * "5/8": the CPUs its running tasks hold of those it offers (its slots); how many tasks run there is in the
     * tooltip, and in the load column's line.
     */
    private TableColumn<AgentInfo, AgentInfo> cpus() {
        TableColumn<AgentInfo, AgentInfo> c = new TableColumn<>("CPUs");
        c.setId("agents-cpus");
        c.setPrefWidth(60);
        c.setMinWidth(56); // "CPUs" and "16/16" whole: the headers of the short columns are never cut
        c.setComparator(java.util.Comparator.comparingInt(AgentInfo::cpusFree));
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(AgentInfo item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setTooltip(null);
                } else {
                    setText(ResourceWords.cpus(item));
                    tip.setText(ResourceWords.cpusInWords(item));
                    setTooltip(tip);
                }
            }
        });
        return c;
    }

    private static <S> TableColumn<S, String> text(String title, double width, Function<S, String> f) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    /** A text column that the table does not narrow below {@code min}, so that its header stays whole. */
    private static <S> TableColumn<S, String> text(String title, double width, double min, Function<S, String> f) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }
}
