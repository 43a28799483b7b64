package io.taskgrid.fx;

import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.client.UserUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageViewModelTest {
    private final FakeGateway controller = new FakeGateway();

    @Test
    void showsEachUsersUseAndHowTheControllerUsesIt() {
        UsageViewModel model = new UsageViewModel(() -> controller, new Background(Runnable::run, Runnable::run));
        controller.usageReport = new UsageReport(Duration.ofHours(12), true, List.of(new UserUsage("alice", 7200, 0.8, 3, 40),
                new UserUsage("bob", 1800, 0.2, 1, 0)));
        model.refresh();
        assertEquals(List.of("alice", "bob"), model.users().stream().map(UserUsage::user).toList());
        assertEquals("Older use counts less: half after 12 hours. Among tasks of equal priority, the user with the least"
                + " recent use goes first.", model.explanationProperty().get());

        controller.usageReport = new UsageReport(Duration.ofDays(1), false, List.of());
        model.refresh();
        assertTrue(model.users().isEmpty());
        assertTrue(model.explanationProperty().get().startsWith("Nobody has used the pool recently. Fair share is off"),
                model.explanationProperty().get());
    }

    @Test
    void aSlowControllerIsNotAskedAgainBeforeItAnswers() {
        List<Runnable> pending = new ArrayList<>();
        UsageViewModel model = new UsageViewModel(() -> controller, new Background(pending::add, Runnable::run));
        model.refresh();
        model.refresh();
        assertEquals(1, pending.size(), "one question on its way");
        pending.remove(0).run();
        model.refresh();
        assertEquals(1, pending.size(), "answered: it may ask again");
        assertEquals(1, controller.usageAsked.get());
    }
}
