package io.taskgrid.controller.scheduling;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.TaskRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.RemoteException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The way to the agents: assignments decided before one commit go to an agent in one call after it, or in the answer to
 * its report; withdrawals, cancels and stops go one by one. Every remote call runs on that agent's own dispatch thread,
 * never on the scheduler's; what the agent answered goes back to the scheduler thread as a command ({@link Answers}).
 * Its state per agent lives in {@link AgentState}; the methods here run on the scheduler thread.
 */
final class AgentChannel {
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);

    /** What the scheduler does with an agent's answers; called on the scheduler thread. */
    interface Answers {
        /** The agent did not take an assignment (busy, stopping, unreachable). */
        void notTaken(AgentState a, long taskId, long attemptToken, String why);

        /** A call with the assignment went out but no answer came back: the agent may or may not have taken it. */
        void maybeTaken(AgentState a, long taskId, long attemptToken, String why);

        /** The agent gave back, unstarted, a task it held ahead. */
        void givenBack(AgentState holder, long taskId, long attemptToken, String idleAgent);

        /** A cancel did not reach the attempt (it no longer ran there, or the agent could not be reached or is going). */
        void notCancelled(AgentState a, long taskId, long attemptToken, String message);
    }

    private final CommandLoop loop;
    private final Answers answers;

    AgentChannel(CommandLoop loop, Answers answers) {
        this.loop = loop;
        this.answers = answers;
    }

    /** Queues an assignment for the agent; those decided before one commit go in one call, after it. */
    void send(AgentState a, TaskAssignment assignment) {
        if (a.unsent.isEmpty() && !a.replyPending) {
            loop.afterCommit(() -> flush(a));
        }
        a.unsent.add(assignment);
    }

    /**
     * After the commit: hands the agent's assignments to its dispatch thread, and counts that call as on its way.
     * Nothing when an answer took them, or waits for the agent's next call.
     */
    private void flush(AgentState a) {
        if (a.unsent.isEmpty() || a.replyPending) { // taken by an answer, or waiting for the agent's next report
            return;
        }
        List<TaskAssignment> batch = List.copyOf(a.unsent);
        a.unsent.clear();
        a.pushesInFlight++;
        try {
            a.dispatcher.execute(() -> deliver(a, batch));
        } catch (RejectedExecutionException e) {
            a.pushesInFlight--;
            // Posted, not run here: what it changes must be committed before anything is sent or announced.
            loop.post(() -> batch.forEach(t -> answers.notTaken(a, t.taskId(), t.token(), "its dispatcher stopped")));
        }
    }

    /** On the agent's dispatch thread: one remote call for the batch; what the agent did not take goes back. */
    private void deliver(AgentState a, List<TaskAssignment> batch) {
        int accepted = 0;
        String failure;
        try {
            accepted = a.service.executeAll(batch);
            if (accepted >= batch.size()) {
                loop.post(() -> a.pushesInFlight--);
                return;
            }
            failure = "it is busy or stopping (it took " + accepted + " of " + batch.size() + ")";
        } catch (java.rmi.ConnectException | java.rmi.ConnectIOException | java.rmi.UnknownHostException e) {
            LOG.warn("Sending {} tasks to agent {} failed; it is probably gone: {}", batch.size(), a.id, e.getMessage());
            failure = "it could not be reached: " + e.getMessage();
        } catch (RemoteException e) {
            // The call went out: the agent may have taken them. Its heartbeats tell (see Reconciler#atHeartbeat).
            LOG.warn("Sending {} tasks to agent {} failed after the call went out ({}); its next heartbeats tell whether it"
                    + " took them.", batch.size(), a.id, e.getMessage());
            String why = "no answer came back: " + e.getMessage();
            loop.post(() -> {
                a.pushesInFlight--;
                batch.forEach(t -> answers.maybeTaken(a, t.taskId(), t.token(), why));
            });
            return;
        } catch (AccessDeniedException e) {
            LOG.warn("Agent {} refused {} tasks: {}", a.id, batch.size(), e.getMessage());
            failure = "it refused the controller: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("Sending {} tasks to agent {} failed", batch.size(), a.id, e);
            failure = e.toString();
        }
        String why = failure;
        List<TaskAssignment> refused = batch.subList(Math.max(0, accepted), batch.size());
        loop.post(() -> {
            a.pushesInFlight--;
            refused.forEach(t -> answers.notTaken(a, t.taskId(), t.token(), why));
        });
    }

    /** Sends what waits for the agent after the next commit (it was heard from: what waited for that goes now). */
    void flushAfterCommit(AgentState a) {
        if (!a.unsent.isEmpty()) {
            loop.afterCommit(() -> flush(a));
        }
    }

    /**
     * What goes back in the answer to the agent's report instead of in a call: nothing while a call to the agent is still
     * on its way, which the answer could overtake (then a call follows the commit).
     */
    List<TaskAssignment> takeForAnswer(AgentState a) {
        if (a.pushesInFlight > 0 || a.unsent.isEmpty()) {
            flushAfterCommit(a); // waited for this call while an answer was on its way
            return List.of();
        }
        // Taken from unsent: the flush registered for them after the commit finds nothing left to send.
        List<TaskAssignment> answer = List.copyOf(a.unsent);
        a.unsent.clear();
        a.replyPending = true;
        answer.forEach(t -> a.inReply.add(t.taskId()));
        // Tasks decided by earlier commands may not be committed yet: the answer waits for the commit, like a call.
        loop.holdAnswerForCommit();
        return answer;
    }

    /**
     * An agent makes its calls (reports, heartbeats) one after the other from one thread, and takes an answer before its
     * next call: any call proves the previous answer arrived. Returns the cancellations that waited for it.
     */
    List<TaskRecord> answerArrived(AgentState a) {
        a.replyPending = false;
        a.inReply.clear();
        List<TaskRecord> cancels = List.copyOf(a.cancelsAfterReply);
        a.cancelsAfterReply.clear();
        return cancels;
    }

    /** Asks the agent to cancel the attempt {@code attemptToken}; {@link Answers#notCancelled} when it could not. */
    void cancel(AgentState a, long taskId, long attemptToken) {
        try {
            a.dispatcher.execute(() -> {
                String why;
                try {
                    if (a.service.cancel(taskId, attemptToken, "cancelled by a client")) {
                        return;
                    }
                    why = "Cancelled; agent " + a.id + " was no longer running it.";
                } catch (RemoteException | AccessDeniedException e) {
                    LOG.warn("Cancelling task {} on agent {} failed: {}", taskId, a.id, e.getMessage());
                    why = "Cancelled; agent " + a.id + " could not be reached (" + e.getMessage() + ").";
                }
                String message = why;
                loop.post(() -> answers.notCancelled(a, taskId, attemptToken, message));
            });
        } catch (RejectedExecutionException e) {
            answers.notCancelled(a, taskId, attemptToken, "Cancelled; agent " + a.id + " is stopping.");
        }
    }

    /** Whether a task decided for the agent may not have reached it yet: asking it back now would be answered "no". */
    static boolean notYetWithTheAgent(AgentState a, long taskId) {
        return a.inReply.contains(taskId) || a.unsent.stream().anyMatch(t -> t.taskId() == taskId);
    }

    /** Asks {@code holder} to give back a task it holds ahead, for {@code idleAgent}; {@link Answers#givenBack} if it did. */
    void withdraw(AgentState holder, long taskId, long attemptToken, String idleAgent) {
        try {
            holder.dispatcher.execute(() -> {
                boolean given;
                try {
                    given = holder.service.withdraw(taskId, attemptToken);
                } catch (RemoteException | AccessDeniedException e) {
                    LOG.debug("Agent {} could not give back task {}: {}", holder.id, taskId, e.getMessage());
                    given = false;
                }
                if (given) { // refused (it started meanwhile): it stays marked, so it is not asked again
                    loop.post(() -> answers.givenBack(holder, taskId, attemptToken, idleAgent));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Agent {} is going; task {} is not taken back", holder.id, taskId);
        }
    }

    /**
     * Has the agent stop an attempt it runs that this controller does not give it (any more): the task runs again
     * elsewhere, ended or was cancelled meanwhile. A cancel naming that attempt's token cannot touch another attempt.
     */
    void disown(AgentState a, long taskId, long attemptToken, String how) {
        LOG.warn("Agent {} runs attempt token {} of task {}, which this controller no longer gives it ({}); it is told to"
                + " stop it.", a.id, Long.toHexString(attemptToken), taskId, how);
        try {
            a.dispatcher.execute(() -> {
                try {
                    a.service.cancel(taskId, attemptToken, "The controller no longer gives this attempt to agent " + a.id
                            + "; it runs again elsewhere or has ended.");
                } catch (RemoteException | AccessDeniedException e) {
                    LOG.warn("Telling agent {} to stop task {} failed: {}", a.id, taskId, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Agent {} is going; it stops its tasks itself", a.id);
        }
    }
}
