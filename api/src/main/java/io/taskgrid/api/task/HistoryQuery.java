package io.taskgrid.api.task;

import java.io.Serializable;

/**
 * A page of history, newest first.
 *
 * @param state    only tasks in this state, or {@code null} for all
 * @param project  only tasks of this project, or {@code null}
 * @param text     only tasks whose program, project, project id, agent or message contains this text, or {@code null}
 * @param limit    at most this many tasks (1 to {@link #MAX_LIMIT})
 * @param beforeId only tasks with a smaller id (the next page), or {@code null} for the newest
 */
public record HistoryQuery(TaskState state, String project, String text, int limit, Long beforeId)
        implements Serializable {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("The limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
        }
    }

    public static HistoryQuery newest(int limit) {
        return new HistoryQuery(null, null, null, limit, null);
    }
}
