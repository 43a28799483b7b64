package io.taskgrid.api.client;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code taskgrid history --purge-before DATE} removed.
 *
 * @param before        tasks that ended before this instant were purged
 * @param tasks         tasks removed from the history
 * @param resultFolders result folders removed with them (only on a controller started with --delete-results)
 * @param kept          old tasks kept: still queued or running, or pointed at by a duplicate that stays
 * @param continuing    the call answered before the end (a large purge): the controller goes on deleting the rest in
 *                      the background, as its log says when it is done; the figures are what went so far
 */
public record PurgeReport(Instant before, long tasks, long resultFolders, long kept, boolean continuing)
        implements Serializable {
    public PurgeReport {
        Objects.requireNonNull(before, "before");
    }

    /** A purge that ended within the call. */
    public PurgeReport(Instant before, long tasks, long resultFolders, long kept) {
        this(before, tasks, resultFolders, kept, false);
    }
}
