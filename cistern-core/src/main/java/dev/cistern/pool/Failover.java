package dev.cistern.pool;

import dev.cistern.PoolerMode;
import dev.cistern.RequiredRole;
import dev.cistern.dialect.DatabaseType;
import dev.cistern.dialect.Dialect;
import dev.cistern.dialect.ServerView;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * Following the primary through a failover (docs/failover.md), without a restart. The pool resolves no name
 * itself: each new connection lands where the driver's multi-host logic and DNS say, and this asks its server
 * once which server it is and whether it takes writes ({@link ServerView}).
 * <ul>
 *   <li>With {@code role=primary} (or {@code replica}), a connection on a server of the wrong role is closed
 *       before it is lent, and the next connect asks again (through {@link ServerRefusing}: no circuit, about
 *       five attempts a second, borrowers wait); and when a new connection is on another primary than the
 *       pool's connections, the primary moved: the connections on other servers are retired.</li>
 *   <li>A write refused as read-only (PostgreSQL 25006, MySQL/MariaDB 1290 and 1836) on a connection not lent
 *       read-only is confirmed when the connection comes back, with one query on it: if its server is read-only
 *       now, that server was demoted, and every connection on it is retired (idle ones at once, borrowed ones
 *       as they come back), so the next borrows get new connections where the driver and DNS now lead. The
 *       borrower whose statement was refused gets the driver's exception; the pool never re-runs a write.</li>
 * </ul>
 * A failover is timed from the first refusal (a read-only write, a connect without a server of the role) to the
 * first new connection on a server that takes writes.
 *
 * <p>Invariant (tested in {@code it.FailoverPostgresTest} and {@code FailoverTest}): once a server is found
 * demoted, no connection the pool held on it is lent after the retirement: each is marked evicted and then,
 * if idle, retired; one a borrower claimed meanwhile is seen evicted by the borrow path (which reads the mark
 * after its claim) or retired when it comes back. Transitions (demoted, moved, over) run under one lock.
 */
final class Failover {
    private static final Logger log = PoolLog.LOG;

    /** Closes a connection on the wrong server before it is lent; the creation then asks again. */
    static final class WrongServerException extends SQLTransientConnectionException {
        WrongServerException(String message) {
            super(message, "08004");
        }
    }

    private final String poolName;
    private final RequiredRole role;
    /** The database whose servers are asked, or null when they cannot be (another database, a pooler between). */
    private final DatabaseType asked;
    private final Dialect dialect;
    private final Lender lender;
    private final PoolCounters counters;
    private final PoolEvents events;
    private final BiConsumer<PoolEntry, String> retire;
    private final ReentrantLock lock = new ReentrantLock();
    /** The server of the newest connection, with role=primary; null before the first and after a demotion. */
    private String primary;
    /** The server last found demoted. */
    private String demoted;
    /** When the failover in progress began (its first refusal); 0 when none is. */
    private volatile long startedNanos;
    /** The server did not answer the role query once (not a broken connection): it is not asked again. */
    private volatile boolean cannotAsk;
    private volatile String cannotAskWhy;
    /** How long the last failover took, first refusal to first connection on a writable server; -1 before one. */
    private volatile long lastDurationNanos = -1;

    Failover(PoolParts parts, BiConsumer<PoolEntry, String> retire) {
        this.poolName = parts.name;
        this.role = parts.config.role();
        DatabaseType type = parts.dialect.type();
        this.asked = type.knowsServerRoles() && parts.config.poolerMode() != PoolerMode.TRANSACTION ? type : null;
        this.dialect = parts.dialect;
        this.lender = parts.lender;
        this.counters = parts.counters;
        this.events = parts.events;
        this.retire = retire;
    }

    /**
     * {@return what a new connection's server says of itself; null when it cannot be asked} A server that speaks
     * the protocol but not the query (a PostgreSQL-compatible database without {@code pg_is_in_recovery()}, say)
     * is not asked again, and with {@code role=ANY} the pool goes on without knowing; with another role it cannot
     * check, so the connection is refused. Any other failure (a broken connection, a timeout) is this connect's,
     * thrown as any connect failure is.
     */
    ServerView inspect(Connection connection) throws SQLException {
        if (asked == null || cannotAsk) {
            if (cannotAsk && role != RequiredRole.ANY) {
                throw new SQLException(poolName + " - role=" + role.name().toLowerCase(java.util.Locale.ROOT)
                        + " but the server does not answer the role query (" + cannotAskWhy + ")", "08004");
            }
            return null;
        }
        try {
            return ServerView.of(asked, connection);
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state == null || !(state.startsWith("42") || state.startsWith("0A"))) {
                throw e; // not "I do not know that query" (syntax, access, unsupported): this connect failed
            }
            cannotAskWhy = e.getMessage();
            cannotAsk = true;
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            } catch (SQLException ignored) {
                // the connection is checked before it is lent anyway
            }
            log.info("{} - the server does not answer the role query ({}); the pool will not follow a failover on"
                    + " its own (docs/failover.md)", poolName, e.getMessage());
            if (role != RequiredRole.ANY) {
                throw e;
            }
            return null;
        }
    }

    /** Refuses a new connection on a server without the role the pool wants (the caller closes it). */
    void admit(ServerView view) throws WrongServerException {
        if (view == null || role == RequiredRole.ANY || view.readOnly() == (role == RequiredRole.REPLICA)) {
            return;
        }
        beginIfFollowing();
        throw new WrongServerException(poolName + " - the server " + view.server() + " is " + view.describe()
                + " and role=" + role.name().toLowerCase(java.util.Locale.ROOT) + ": closed that connection; asking"
                + " again where the driver and DNS lead");
    }

    /** {@return whether a connect failure says no server the URL leads to has the role wanted, though some answered} */
    boolean isWrongServer(SQLException failure) {
        if (failure instanceof WrongServerException) {
            return true;
        }
        if (dialect.isNoServerOfRole(failure)) {
            beginIfFollowing();
            return true;
        }
        return false;
    }

    /** A wrong-role refusal while the pool had a primary: a failover began. */
    private void beginIfFollowing() {
        lock.lock();
        try {
            if (startedNanos == 0 && primary != null) {
                startedNanos = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new connection joined the pool. With role=primary, on another server than the last primary: the primary
     * moved, and the connections on other servers are retired. On a writable server while a failover is in
     * progress: the failover is over.
     */
    void opened(PoolEntry entry) {
        ServerView view = entry.server;
        if (view == null) {
            return;
        }
        lock.lock();
        try {
            if (role == RequiredRole.PRIMARY && !view.readOnly()) {
                String before = primary;
                primary = view.server();
                if (before != null && !before.equals(view.server())) {
                    failover(before, "the primary moved to " + view.server());
                    retireAllBut(view.server(), "the primary moved to " + view.server() + " (failover)");
                }
            }
            long started = startedNanos;
            if (started != 0 && !view.readOnly() && !view.server().equals(demoted)) {
                long took = System.nanoTime() - started;
                lastDurationNanos = took;
                startedNanos = 0;
                log.info("{} - following the primary: a new connection is on {}, which takes writes, {} after the"
                        + " first refusal", poolName, view.server(), Elapsed.describe(took));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A connection whose statement was refused as read-only came back (reset, not lent read-only). Asks its
     * server, with one query on it, whether it takes writes now.
     *
     * @return true when its server is read-only, so the connection must be retired (every other connection on
     *         that server is retired meanwhile); false when the refusal was the borrower's own
     */
    boolean confirmRefusal(PoolEntry entry) {
        ServerView now;
        try {
            now = inspect(entry.physical);
        } catch (SQLException e) {
            return true; // it cannot even answer: it goes anyway
        }
        if (now == null || !now.readOnly()) {
            return false;
        }
        lock.lock();
        try {
            if (startedNanos == 0) {
                startedNanos = entry.readOnlyRefusedAtNanos;
            }
            if (!now.server().equals(demoted)) {
                failover(now.server(), "it is " + now.describe() + " now");
            }
            demoted = now.server();
            if (now.server().equals(primary)) {
                primary = null;
            }
            retireOn(now.server(), "its server " + now.server() + " is " + now.describe() + " (failover)");
        } finally {
            lock.unlock();
        }
        return true;
    }

    private void failover(String from, String what) {
        counters.failovers.incrementAndGet();
        log.warn("{} - failover: {} refuses writes or is no longer the primary ({}); its connections are retired"
                + " (idle ones now, borrowed ones as they come back) and new ones go where the driver and DNS lead",
                poolName, from, what);
        if (events != null) {
            events.failover(from, what);
        }
    }

    private void retireOn(String server, String reason) {
        for (PoolEntry entry : lender.entries()) {
            if (entry.server != null && entry.server.server().equals(server)) {
                retireSoon(entry, reason);
            }
        }
    }

    private void retireAllBut(String server, String reason) {
        for (PoolEntry entry : lender.entries()) {
            if (entry.server == null || !entry.server.server().equals(server)) {
                retireSoon(entry, reason);
            }
        }
    }

    private void retireSoon(PoolEntry entry, String reason) {
        entry.evicted = true;
        if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            retire.accept(entry, reason);
        }
    }

    /** {@return the duration of the last failover, first refusal to first writable connection; -1 before one} */
    long lastDurationNanos() {
        return lastDurationNanos;
    }

    /** {@return how many connections are on each server, by {@code address:port}; "unknown" where not asked} */
    Map<String, Integer> servers() {
        Map<String, Integer> servers = new LinkedHashMap<>();
        for (PoolEntry entry : lender.entries()) {
            servers.merge(entry.server == null ? "unknown" : entry.server.server(), 1, Integer::sum);
        }
        return servers;
    }
}
