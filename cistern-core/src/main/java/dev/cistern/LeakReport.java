package dev.cistern;

import java.time.Duration;
import java.util.List;

/**
 * A connection held longer than {@code leakDetectionThreshold}: who borrowed it, for how long it has been
 * held, and where it was borrowed.
 *
 * @param threadName the borrowing thread's name
 * @param heldFor    how long the connection had been held when this report was made
 * @param borrowedAt the borrower's stack when it called {@code getConnection()}, innermost frame first
 */
public record LeakReport(String threadName, Duration heldFor, List<StackTraceElement> borrowedAt) {
    /**
     * Copies {@code borrowedAt}, so the record stays immutable.
     *
     * @param threadName the borrowing thread's name
     * @param heldFor    how long the connection had been held when this report was made
     * @param borrowedAt the borrower's stack when it called {@code getConnection()}, innermost frame first
     */
    public LeakReport {
        borrowedAt = List.copyOf(borrowedAt);
    }
}
