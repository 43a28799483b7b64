package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.history.TaskHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which agents an administrator drained, by agent id, and why: a drained agent takes no new task (what it holds
 * finishes), also after it reconnects, until it is resumed. Kept by id rather than on the connection, and in the
 * history, so that neither a restart of the agent nor of the controller brings a host back into service during its
 * maintenance. Confined to the scheduler thread.
 */
final class Drains {
    private static final Logger LOG = LoggerFactory.getLogger(Drains.class);
    /** Longest reason taken, in characters. */
    static final int MAX_REASON = 200;

    private final Pool pool;
    private final TaskHistory store;
    private final EventHub hub;
    private final Clock clock;
    private final Runnable dispatch;
    private final Map<String, String> reasons = new HashMap<>();

    /** Takes back the drains the history keeps (a restarted controller). */
    Drains(Pool pool, TaskHistory store, EventHub hub, Clock clock, Runnable dispatch) {
        this.pool = pool;
        this.store = store;
        this.hub = hub;
        this.clock = clock;
        this.dispatch = dispatch;
        reasons.putAll(store.drainedAgents());
    }

    /** An administrator ({@code by}) drains an agent: logged, announced, and what it would have taken goes elsewhere. */
    Answer<AgentInfo> drainAndAnnounce(String idOrPrefix, String reason, String by) {
        return announced(() -> {
            AgentState a = drain(idOrPrefix, reason, by);
            LOG.info("Agent {} drained by {}{}: it takes no new task until it is resumed.",
                    a.id, by, a.drainReason.isEmpty() ? "" : " (" + a.drainReason + ")");
            return a;
        });
    }

    /** An administrator ({@code by}) resumes an agent: logged, announced, and it may take tasks at once. */
    Answer<AgentInfo> resumeAndAnnounce(String idOrPrefix, String by) {
        return announced(() -> {
            AgentState a = resume(idOrPrefix);
            LOG.info("Agent {} resumed by {}: it takes tasks again.", a.id, by);
            return a;
        });
    }

    private interface DrainChange {
        AgentState apply() throws InvalidRequestException;
    }

    private Answer<AgentInfo> announced(DrainChange change) {
        try {
            AgentState a = change.apply();
            AgentInfo info = a.info(true);
            hub.publishAgent(AgentEvent.Kind.UPDATED, info);
            dispatch.run();
            return Answer.of(info);
        } catch (InvalidRequestException e) {
            return Answer.<AgentInfo>refusedFor(e);
        }
    }

    /** A joining agent: drained again if it was before it left. */
    void applyTo(AgentState a) {
        a.drainReason = reasons.get(a.id);
    }

    private AgentState drain(String idOrPrefix, String reason, String by) throws InvalidRequestException {
        String why = checked(reason);
        AgentState a = connected(idOrPrefix);
        store.recordDrain(a.id, why, by, clock.instant()); // first: a drain the history did not take is not done
        reasons.put(a.id, why);
        a.drainReason = why;
        pool.free.refresh(a);
        return a;
    }

    private AgentState resume(String idOrPrefix) throws InvalidRequestException {
        AgentState a = connected(idOrPrefix);
        store.forgetDrain(a.id);
        reasons.remove(a.id);
        a.drainReason = null;
        pool.free.refresh(a);
        return a;
    }

    /** The connected agent with this id, or the one whose id starts with it (as git takes a commit's prefix). */
    AgentState connected(String idOrPrefix) throws InvalidRequestException {
        if (idOrPrefix == null || idOrPrefix.isBlank()) {
            throw new InvalidRequestException("Name an agent: its id from `taskgrid agents` (the first characters are enough).");
        }
        AgentState exact = pool.agents.get(idOrPrefix);
        if (exact != null) {
            return exact;
        }
        List<AgentState> matches = pool.agents.values().stream().filter(a -> a.id.startsWith(idOrPrefix)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            String known = pool.agents.isEmpty() ? "no agent is connected"
                    : "the connected ones are " + String.join(", ", pool.agents.keySet().stream().limit(10).toList())
                    + (pool.agents.size() > 10 ? " and " + (pool.agents.size() - 10) + " more" : "");
            throw new InvalidRequestException("No connected agent has the id " + idOrPrefix + "; " + known + ".");
        }
        throw new InvalidRequestException("'" + idOrPrefix + "' names " + matches.size() + " agents ("
                + String.join(", ", matches.stream().limit(5).map(a -> a.id).toList()) + "); give more of the id.");
    }

    private static String checked(String reason) throws InvalidRequestException {
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON) {
            throw new InvalidRequestException("The reason has " + why.length() + " characters; say it in at most "
                    + MAX_REASON + ".");
        }
        if (why.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("The reason holds control characters (a line break, a tab, an escape);"
                    + " write it on one line of plain text.");
        }
        return why;
    }
}
