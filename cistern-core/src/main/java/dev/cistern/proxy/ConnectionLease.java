package dev.cistern.proxy;

import java.sql.SQLException;

/**
 * What a {@link ProxyConnection} needs from the pool entry it was lent from: a verdict on exceptions, and a
 * way to give the physical connection back. The proxy records what the user changed; the entry, which
 * knows the pool's defaults, restores them.
 */
public interface ConnectionLease {

    /** True when this exception means the physical connection is dead and must not be lent again. */
    boolean isFatal(SQLException e);

    /**
     * Called exactly once, when the user closes the proxy.
     *
     * @param dirtyBits       which session settings the user changed ({@code ProxyConnection.DIRTY_*})
     * @param rollbackNeeded  a transaction may be open (work ran with autocommit off and was not ended)
     * @param broken          a fatal error was seen: discard the physical connection instead of reusing it
     */
    void giveBack(int dirtyBits, boolean rollbackNeeded, boolean broken);
}
