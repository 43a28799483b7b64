package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** How far one array got, as the scheduler counts it: which members may run, which wait for room, how many ended. */
final class ArrayProgress {
    final TaskArray array;
    /** Members that may run or do (in the queue, held, on an agent, waiting for a retry): at most the limit. */
    final Set<Long> running = new HashSet<>();
    /** Members kept back by the limit, lowest id (so lowest index) first. */
    final TreeSet<Long> waitingForRoom = new TreeSet<>();
    int ended;
    int notSucceeded;
    /** The member with the lowest index that did not succeed, for the sentence of a dependant it cancels. */
    TaskRecord firstNotSucceeded;

    ArrayProgress(TaskArray array, int ended, int notSucceeded) {
        this.array = array;
        this.ended = ended;
        this.notSucceeded = notSucceeded;
    }

    /** An array's progress from its members counted by state (the history's, after a restart). */
    static ArrayProgress of(TaskArray array, Map<TaskState, Integer> counts) {
        int ended = 0;
        int notSucceeded = 0;
        for (Map.Entry<TaskState, Integer> e : counts.entrySet()) {
            if (e.getKey().isFinal()) {
                ended += e.getValue();
                notSucceeded += DependencyCheck.succeeded(e.getKey()) ? 0 : e.getValue();
            }
        }
        return new ArrayProgress(array, ended, notSucceeded);
    }

    boolean finished() {
        return ended >= array.size();
    }
}
