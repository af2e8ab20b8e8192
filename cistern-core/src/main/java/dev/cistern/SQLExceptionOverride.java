package dev.cistern;

import java.sql.SQLException;

/**
 * Overrides the pool's decision about whether a connection is broken after a {@link SQLException} (the
 * dialect's rules: SQLState class 08, the database's fatal codes). Configured with
 * {@code exceptionOverrideClassName} (a class with a public no-argument constructor), as HikariCP's
 * interface of the same purpose is, or with {@link PoolConfig.Builder#exceptionOverride}. Called on the
 * borrower's thread for every exception a connection's objects throw, so it must be quick and must not
 * throw.
 */
@FunctionalInterface
public interface SQLExceptionOverride {
    /** What to do with the connection the exception came from. */
    enum Decision {
        /** Let the dialect's rules decide. */
        DEFAULT,
        /** Keep the connection, even if the rules call the error fatal. */
        KEEP,
        /** Discard the connection when it is given back, even if the rules call the error harmless. */
        EVICT
    }

    /**
     * Decides about one exception.
     *
     * @param exception what a connection, statement or result set threw
     * @return the decision; {@link Decision#DEFAULT} to leave it to the pool's rules
     */
    Decision decide(SQLException exception);
}
