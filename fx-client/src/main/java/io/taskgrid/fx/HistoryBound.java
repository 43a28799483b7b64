package io.taskgrid.fx;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * How many history rows the window keeps while events keep adding new ones on top: the newest {@link #LIVE_ROWS}, or
 * more while the person reads or has selected older ones — down to the oldest of those and a {@link HistoryViewModel#PAGE}
 * below it, so that what they look at never goes and scrolling on never waits. Older rows are dropped (they stay at the
 * controller) and come back a page at a time as the table scrolls down to them, as any older page does.
 */
final class HistoryBound {
    /** Rows kept below the newest while nobody looks further down. */
    static final int LIVE_ROWS = 2_000;
    /** Rows beyond the bound before they are dropped: one list change every few event batches, not every batch. */
    static final int SLACK = HistoryViewModel.PAGE;

    /** The id of the oldest row the person sees or has selected; {@link Long#MAX_VALUE} for none. */
    private LongSupplier oldestPinned = () -> Long.MAX_VALUE;

    /** Set by the view: asked each time rows may be dropped, so it tells where the person is at that moment. */
    void pinWith(LongSupplier oldestPinnedId) {
        this.oldestPinned = oldestPinnedId;
    }

    /** How many of {@code rows} (newest first) to keep: fewer than its size when the oldest are to be dropped. */
    int keep(List<TaskRow> rows) {
        long pin = oldestPinned.getAsLong();
        int pinned = pin == Long.MAX_VALUE ? 0 : indexOf(rows, pin) + 1;
        int keep = Math.max(LIVE_ROWS, pinned + HistoryViewModel.PAGE);
        return rows.size() > keep + SLACK ? keep : rows.size();
    }

    /** Index of the first row whose id is at most {@code id} in rows of descending ids (where {@code id} goes). */
    static int indexOf(List<TaskRow> rows, long id) {
        int lo = 0;
        int hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rows.get(mid).id() > id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
