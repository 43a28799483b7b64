package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The scheduler scenario of issue 22 ("Keep it fast"): a pool shared by many users, with the policies on that order
 * and place tasks — fair share between users (the controller's default), priorities, and labels that tasks require or
 * avoid. Agent {@code i} offers {@value #GPU} when {@code i % 10 == 0} (10 %) and {@value #BIG_MEM} when {@code i % 10}
 * is 1 or 2 (20 %), the rest nothing. The queue is filled by {@value #USERS} users, each through a session of their own:
 * {@value #ADMIN} submits the 5 % of tasks at priority +10, the other 49 the rest (90 % at 0, 5 % at -10, spread evenly);
 * independently of that, 10 % of the tasks require {@code gpu} and 5 % avoid {@code big-mem} ({@code !big-mem});
 * and independently again, each agent offers {@value #CPUS} CPUs and {@value #MEMORY_GB} GB, and 10 % of the tasks ask for
 * 2 CPUs, 5 % for all 4 ({@code --cpus}), and 20 % for 1 to 4 GB of memory ({@code --memory}).
 */
final class SharedPool implements SchedulerScale.Filler {
    static final int USERS = 50;
    static final String ADMIN = "admin";
    static final String GPU = "gpu";
    static final String BIG_MEM = "big-mem";
    /** CPUs each agent offers. */
    static final int CPUS = 4;
    /** Memory each agent offers, in GB. */
    static final int MEMORY_GB = 16;
    /** Tasks per {@code submitAll} call. */
    private static final int BATCH = 5_000;

    /** What agent {@code i} offers. */
    static List<String> labels(int i) {
        return switch (i % 10) {
            case 0 -> List.of(GPU);
            case 1, 2 -> List.of(BIG_MEM);
            default -> List.of();
        };
    }

    private final Grid grid;
    private final Map<String, ClientSession> sessions = new LinkedHashMap<>();
    private long seed = 22;
    private int runs;

    SharedPool(Grid grid) {
        this.grid = grid;
    }

    @Override
    public void fill(int queued) {
        SplittableRandom random = new SplittableRandom(seed++);
        Map<String, List<TaskSpec>> byUser = new LinkedHashMap<>();
        int run = runs++;
        for (int i = 0; i < queued; i++) {
            int p = random.nextInt(100);
            int priority = p < 5 ? 10 : p < 10 ? -10 : 0;
            String user = priority > 0 ? ADMIN : String.format("user-%02d", 1 + random.nextInt(USERS - 1));
            int r = random.nextInt(100);
            List<String> requires = r < 10 ? List.of(GPU) : r < 15 ? List.of("!" + BIG_MEM) : List.of();
            int c = random.nextInt(100);
            int cpus = c < 5 ? CPUS : c < 15 ? 2 : 1;
            long memory = random.nextInt(100) < 20 ? (1L + random.nextInt(4)) << 30 : 0;
            byUser.computeIfAbsent(user, k -> new ArrayList<>()).add(TaskSpec.builder(ProgramSource.shared(EndToEnd.PROGRAM))
                    .project("bench").arguments(List.of("s" + run + "-" + i)).force(true).priority(priority).requires(requires)
                    .resources(Resources.of(cpus, memory)).build());
        }
        // Round-robin over the users, one batch each, so no user's tasks are all older than another's.
        List<List<TaskSpec>> pending = new ArrayList<>(byUser.values());
        List<String> users = new ArrayList<>(byUser.keySet());
        for (int offset = 0; ; offset += BATCH) {
            boolean any = false;
            for (int u = 0; u < users.size(); u++) {
                List<TaskSpec> all = pending.get(u);
                if (offset >= all.size()) {
                    continue;
                }
                any = true;
                List<TaskSpec> batch = new ArrayList<>(all.subList(offset, Math.min(all.size(), offset + BATCH)));
                ClientSession s = sessions.computeIfAbsent(users.get(u), name -> grid.sessionAs(name, null));
                for (TaskRecord t : Submission.call(() -> s.submitAll(batch))) {
                    if (t.state() == TaskState.REJECTED) {
                        throw new BenchException("Task " + t.id() + " of " + users.get(u) + " was rejected"
                                + ": " + t.message());
                    }
                }
            }
            if (!any) {
                return;
            }
        }
    }
}
