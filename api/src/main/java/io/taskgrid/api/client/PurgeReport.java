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
 */
public record PurgeReport(Instant before, long tasks, long resultFolders, long kept) implements Serializable {
    public PurgeReport {
        Objects.requireNonNull(before, "before");
    }
}
