package dev.cistern.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's event counters, shared by the parts that count (see {@code PoolStats} for what each means).
 * Each is bumped off the fast path only: a borrow served at once counts nothing here.
 */
final class PoolCounters {
    final AtomicLong created = new AtomicLong();
    final AtomicLong destroyed = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong circuitRefusals = new AtomicLong();
    final AtomicLong suspendedRefusals = new AtomicLong();
    final AtomicLong createFailures = new AtomicLong();
    final AtomicLong serverFullRefusals = new AtomicLong();
    /** Connections closed at once because their server had not the role the pool wants ({@code role}). */
    final AtomicLong wrongRoleRefusals = new AtomicLong();
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong validationFailures = new AtomicLong();
    /** Borrows served by connections that were lent before and have since been retired. */
    final AtomicLong reusedByRetired = new AtomicLong();
    /** All borrows served by connections since retired (the live ones keep their own count). */
    final AtomicLong borrowsByRetired = new AtomicLong();
    final AtomicLong scaleUps = new AtomicLong();
    final AtomicLong scaleDowns = new AtomicLong();
}
