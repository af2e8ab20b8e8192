package dev.cistern.pool;

/**
 * Room in front of every {@link PoolEntry}'s fields, so that the fields two borrowers write on different
 * entries (state, counters, the proxy) never share a 64-byte cache line. Without it, two threads each
 * cycling its own entry landed in one line in some JVM runs and not in others, depending on where the
 * entries happened to be allocated, and ran at a fifth of the speed (see docs/benchmarks.md). The int
 * fills the slot after the object header, so no field of the subclass is placed ahead of the longs.
 */
@SuppressWarnings("unused") // never read: the fields only take up space
abstract class EntrySpacing {
    private int headerSlot;
    private long s1;
    private long s2;
    private long s3;
    private long s4;
    private long s5;
    private long s6;
    private long s7;
    private long s8;
}
