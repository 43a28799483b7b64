package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;

import java.time.Duration;
import java.util.List;

/**
 * One open session with a controller as the desktop client uses it: every remote failure comes out as a
 * {@link GatewayException} with a sentence. Called only from background threads, never the FX thread.
 */
interface Gateway extends AutoCloseable {

    ControllerAddress address();

    ControllerInfo info();

    TaskRecord submit(TaskSpec spec);

    TaskRecord task(long taskId);

    List<TaskRecord> history(HistoryQuery query);

    TaskRecord cancel(long taskId);

    List<AgentInfo> agents();

    List<ClientInfo> clients();

    EventBatch events(long afterSequence, Duration maxWait);

    /** Ends the session; idempotent, never throws. */
    @Override
    void close();
}
