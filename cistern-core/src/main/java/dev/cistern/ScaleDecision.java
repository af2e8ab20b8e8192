package dev.cistern;

import java.time.Instant;

/**
 * One autoscaler decision: when it was made, the effective maximum before and after, and why.
 *
 * @param at     when it was made (wall clock)
 * @param from   the effective maximum pool size before
 * @param to     the effective maximum pool size after
 * @param reason the autoscaler's reason, e.g. "utilization 0.92 >= 0.80 over 30 s"
 */
public record ScaleDecision(Instant at, int from, int to, String reason) {
}
