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
 * @param arrayId  only the members of this array ({@code history --array 42}), or {@code null}
 * @param oneRowPerArray leave out every member of an array but its first, which stands for the array (a client shows
 *                 it with {@link io.taskgrid.api.client.ClientSession#array}); ignored with {@code arrayId}
 */
public record HistoryQuery(TaskState state, String project, String text, int limit, Long beforeId, Long arrayId,
                           boolean oneRowPerArray) implements Serializable {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("The limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
        }
    }

    /** Every task, members of arrays one by one. */
    public HistoryQuery(TaskState state, String project, String text, int limit, Long beforeId) {
        this(state, project, text, limit, beforeId, null, false);
    }

    public static HistoryQuery newest(int limit) {
        return new HistoryQuery(null, null, null, limit, null);
    }

    /** The same query for the members of array {@code id}. */
    public HistoryQuery inArray(Long id) {
        return new HistoryQuery(state, project, text, limit, beforeId, id, oneRowPerArray);
    }

    /** The same query with an array's members folded into its first ({@code true}) or one by one. */
    public HistoryQuery foldingArrays(boolean fold) {
        return new HistoryQuery(state, project, text, limit, beforeId, arrayId, fold);
    }
}
