package dev.cistern.testkit.stub;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One in-memory "database" of the stub driver: the fault switches tests flip and the counters they read.
 * Every distinct name in a {@code jdbc:stub:<name>} URL is its own database, so tests isolate themselves
 * by using {@link #create()}.
 *
 * <p>Thread-safety: every switch and counter is volatile or atomic, so a test thread may flip switches
 * while pool and borrower threads use the connections. No locks: a stub that serialised its callers
 * would hide the pool's own concurrency behaviour.
 */
public final class StubDatabase {
    static final String URL_PREFIX = "jdbc:stub:";
    private static final ConcurrentHashMap<String, StubDatabase> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicLong UNIQUE_NAMES = new AtomicLong();
    private static final long HANG_POLL_NANOS = Duration.ofMillis(5).toNanos();

    private final String name;

    private volatile long connectDelayNanos;
    private final AtomicInteger connectsToFail = new AtomicInteger();
    private volatile boolean failAllConnects;
    private volatile boolean hangOnConnect;
    private volatile boolean failValidation;
    private volatile boolean hangValidation;
    private volatile boolean ignoreValidationTimeout;
    private final AtomicInteger statementsToFail = new AtomicInteger();
    private volatile String failNextStatementsState = "42000";
    private volatile String failAllStatementsState;
    private volatile long statementDelayNanos;
    private volatile String requiredUser;
    private volatile String requiredPassword;
    private volatile SQLException connectFailure;
    private volatile boolean checkExclusiveUse = true;
    private volatile int maxConnections = Integer.MAX_VALUE;
    /** Sessions the "server" holds: reserved before a connect succeeds, freed when the connection closes. */
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicLong serverFullRefusals = new AtomicLong();

    private final AtomicLong connectAttempts = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong connectionsClosed = new AtomicLong();
    private final AtomicLong statementsExecuted = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong validations = new AtomicLong();
    private final Set<StubConnection> open = ConcurrentHashMap.newKeySet();
    private final List<String> concurrentUses = new CopyOnWriteArrayList<>();

    private StubDatabase(String name) {
        this.name = name;
    }

    /** A new database with a name no other test uses. */
    public static StubDatabase create() {
        return named("db" + UNIQUE_NAMES.incrementAndGet());
    }

    /** The database of that name, created on first use. */
    public static StubDatabase named(String name) {
        return DATABASES.computeIfAbsent(name, StubDatabase::new);
    }

    static StubDatabase forUrl(String url) {
        String rest = url.substring(URL_PREFIX.length());
        int query = rest.indexOf('?');
        return named(query >= 0 ? rest.substring(0, query) : rest);
    }

    public String name() {
        return name;
    }

    public String url() {
        return URL_PREFIX + name;
    }

    /** Switches every fault off and zeroes the counters (open connections stay open). */
    public void reset() {
        connectDelayNanos = 0;
        connectsToFail.set(0);
        failAllConnects = false;
        hangOnConnect = false;
        failValidation = false;
        hangValidation = false;
        ignoreValidationTimeout = false;
        statementsToFail.set(0);
        failAllStatementsState = null;
        statementDelayNanos = 0;
        requiredUser = null;
        requiredPassword = null;
        connectFailure = null;
        maxConnections = Integer.MAX_VALUE;
        serverFullRefusals.set(0);
        connectAttempts.set(0);
        validations.set(0);
        concurrentUses.clear();
        connectionsOpened.set(0);
        connectionsClosed.set(0);
        statementsExecuted.set(0);
        rollbacks.set(0);
        commits.set(0);
    }

    // ---- switches -------------------------------------------------------------------------------------

    /**
     * Every connect takes this long. Like a socket connect, the wait ignores interrupts: a pool that gives
     * up on the attempt still gets the connection later and must close it.
     */
    public StubDatabase connectDelay(Duration delay) {
        this.connectDelayNanos = delay.toNanos();
        return this;
    }

    /** The next {@code n} connects fail with SQLState 08001. */
    public StubDatabase failNextConnects(int n) {
        connectsToFail.set(n);
        return this;
    }

    /**
     * Every connect throws this very exception (null switches it off), as a driver would for a wrong
     * password ({@code 28P01}), an unknown database ({@code 3D000}) or a refused socket; tests use it to
     * check which failures the pool retries and that the driver's exception reaches the caller.
     */
    public StubDatabase failConnectsWith(SQLException failure) {
        this.connectFailure = failure;
        return this;
    }

    /**
     * At most {@code n} connections open at once, across every pool using this database, as a server's
     * {@code max_connections}: a connect beyond it fails as PostgreSQL refuses one, SQLState 53300 ("sorry,
     * too many clients already"). Lowering it below the open count closes nothing.
     */
    public StubDatabase maxConnections(int n) {
        this.maxConnections = n;
        return this;
    }

    /** {@return connects refused because {@link #maxConnections} were open} */
    public long serverFullRefusals() {
        return serverFullRefusals.get();
    }

    public StubDatabase failAllConnects(boolean fail) {
        this.failAllConnects = fail;
        return this;
    }

    /** Connects block until this is switched off or the connecting thread is interrupted. */
    public StubDatabase hangOnConnect(boolean hang) {
        this.hangOnConnect = hang;
        return this;
    }

    /** isValid returns false. */
    public StubDatabase failValidation(boolean fail) {
        this.failValidation = fail;
        return this;
    }

    /**
     * isValid blocks for its timeout (0 = until switched off), then returns false; if the connection has a
     * network timeout, that ends the hang first with a read-timeout error (SQLState 08006), as in real drivers.
     */
    public StubDatabase hangValidation(boolean hang) {
        this.hangValidation = hang;
        return this;
    }

    /** isValid ignores its timeout argument, as some drivers do: only a network timeout ends a hang. */
    public StubDatabase ignoreValidationTimeout(boolean ignore) {
        this.ignoreValidationTimeout = ignore;
        return this;
    }

    /** Every connection open now becomes broken: all further calls throw SQLState 08006. */
    public StubDatabase breakAllOpenConnections() {
        for (StubConnection connection : open) {
            connection.markBroken();
        }
        return this;
    }

    /** The next {@code n} statement executions throw an SQLException with this SQLState. */
    public StubDatabase failNextStatements(int n, String sqlState) {
        failNextStatementsState = sqlState;
        statementsToFail.set(n);
        return this;
    }

    /** Every statement execution throws with this SQLState; null stops it. */
    public StubDatabase failAllStatements(String sqlStateOrNull) {
        this.failAllStatementsState = sqlStateOrNull;
        return this;
    }

    /** Each statement execution takes this long (parked, so virtual threads unmount). */
    public StubDatabase statementDelay(Duration delay) {
        this.statementDelayNanos = delay.toNanos();
        return this;
    }

    /** Connects fail with SQLState 28P01 unless they carry these credentials. */
    public StubDatabase requireCredentials(String user, String password) {
        this.requiredUser = user;
        this.requiredPassword = password;
        return this;
    }

    // ---- counters -------------------------------------------------------------------------------------

    public long connectAttempts() {
        return connectAttempts.get();
    }

    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    public long connectionsClosed() {
        return connectionsClosed.get();
    }

    public int openConnectionCount() {
        return open.size();
    }

    public List<StubConnection> openConnections() {
        return new ArrayList<>(open);
    }

    /**
     * Switches the exclusive-use check (see {@link #concurrentUses()}) off or on; on by default. Off only
     * where the stub's own cost must be nil, as in the benchmarks, which measure pool overhead alone.
     */
    public StubDatabase checkExclusiveUse(boolean check) {
        this.checkExclusiveUse = check;
        return this;
    }

    boolean checksExclusiveUse() {
        return checkExclusiveUse;
    }

    /**
     * Every time two threads were inside one connection at once (running statements, checking it,
     * committing or rolling back), seen from the driver's side: empty unless a pool lent a connection to
     * two parties. Statement delays widen the window in which an overlap shows.
     */
    public List<String> concurrentUses() {
        return List.copyOf(concurrentUses);
    }

    /** Calls to {@code Connection.isValid} on this database's connections. */
    public long validations() {
        return validations.get();
    }

    public long statementsExecuted() {
        return statementsExecuted.get();
    }

    public long rollbacks() {
        return rollbacks.get();
    }

    public long commits() {
        return commits.get();
    }

    // ---- the driver's side ----------------------------------------------------------------------------

    StubConnection connect(Properties info) throws SQLException {
        connectAttempts.incrementAndGet();
        long delay = connectDelayNanos;
        if (delay > 0) {
            long until = System.nanoTime() + delay;
            for (long left = delay; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left); // returns early on an interrupt; keep waiting, as a socket connect does
            }
        }
        while (hangOnConnect) {
            LockSupport.parkNanos(HANG_POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new SQLException("stub: connect interrupted", "08001");
            }
        }
        SQLException failure = connectFailure;
        if (failure != null) {
            throw failure;
        }
        if (failAllConnects || takeOne(connectsToFail)) {
            throw new SQLException("stub: connection refused", "08001");
        }
        String user = requiredUser;
        if (user != null && (!user.equals(info.getProperty("user"))
                || !String.valueOf(requiredPassword).equals(info.getProperty("password")))) {
            throw new SQLException("stub: authentication failed for user \"" + info.getProperty("user") + "\"", "28P01");
        }
        for (;;) {
            int held = sessions.get();
            if (held >= maxConnections) {
                serverFullRefusals.incrementAndGet();
                throw new SQLException("stub: sorry, too many clients already", "53300");
            }
            if (sessions.compareAndSet(held, held + 1)) {
                break;
            }
        }
        StubConnection connection = new StubConnection(this, info.getProperty("user"));
        open.add(connection);
        connectionsOpened.incrementAndGet();
        return connection;
    }

    void closed(StubConnection connection) {
        if (open.remove(connection)) {
            connectionsClosed.incrementAndGet();
            sessions.decrementAndGet();
        }
    }

    void concurrentUse(String what) {
        concurrentUses.add(what);
    }

    void countValidation() {
        validations.incrementAndGet();
    }

    boolean validationFails() {
        return failValidation;
    }

    boolean validationHangs() {
        return hangValidation;
    }

    boolean validationIgnoresTimeout() {
        return ignoreValidationTimeout;
    }

    /** Runs before every statement execution: counts it, applies the delay and the failure switches. */
    void beforeExecute() throws SQLException {
        statementsExecuted.incrementAndGet();
        long delay = statementDelayNanos;
        if (delay > 0) {
            LockSupport.parkNanos(delay);
        }
        String failAll = failAllStatementsState;
        if (failAll != null) {
            throw new SQLException("stub: statement failed", failAll);
        }
        if (takeOne(statementsToFail)) {
            throw new SQLException("stub: statement failed", failNextStatementsState);
        }
    }

    void countRollback() {
        rollbacks.incrementAndGet();
    }

    void countCommit() {
        commits.incrementAndGet();
    }

    private static boolean takeOne(AtomicInteger remaining) {
        for (;;) {
            int left = remaining.get();
            if (left <= 0) {
                return false;
            }
            if (remaining.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "StubDatabase[" + name + ", open=" + open.size() + "]";
    }
}
