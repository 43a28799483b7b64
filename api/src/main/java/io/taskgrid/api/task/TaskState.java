package io.taskgrid.api.task;

/**
 * Life of a task: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}; {@code REJECTED} for a task
 * refused at submission; {@code DUPLICATE} for a task not run because an earlier task already produced its
 * result ({@link TaskRecord#duplicateOf()} names it). A RUNNING task may go back to QUEUED when its agent
 * is lost (a new attempt).
 */
public enum TaskState {
    QUEUED("…", "queued"),
    RUNNING("∑", "running"),
    SUCCEEDED("✓", "succeeded"),
    FAILED("X", "failed"),
    CANCELLED("⊘", "cancelled"),
    REJECTED("!", "rejected"),
    DUPLICATE("≡", "duplicate");

    private final String mark;
    private final String label;

    TaskState(String mark, String label) {
        this.mark = mark;
        this.label = label;
    }

    /** The one-character status mark clients show: ✓ succeeded, ∑ running, X failed. */
    public String mark() {
        return mark;
    }

    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Whether the state machine allows going from this state to {@code next}. */
    public boolean canMoveTo(TaskState next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED || next == SUCCEEDED || next == DUPLICATE;
            case RUNNING -> next == QUEUED || next == SUCCEEDED || next == FAILED || next == CANCELLED;
            default -> false;
        };
    }
}
