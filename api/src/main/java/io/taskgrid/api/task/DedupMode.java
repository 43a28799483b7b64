package io.taskgrid.api.task;

/** How a task is compared with earlier successful tasks to detect a duplicate. */
public enum DedupMode {
    /** Same size and modification time of program and data, same arguments. */
    METADATA,
    /** Same SHA-256 digest of program and data, same arguments. */
    CONTENT
}
