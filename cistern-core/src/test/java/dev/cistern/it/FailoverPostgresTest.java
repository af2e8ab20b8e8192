package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.CircuitState;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolListener;
import dev.cistern.RequiredRole;
import dev.cistern.testkit.db.PostgresServer;
import dev.cistern.testkit.net.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 25, part 1: a plain pool follows the primary through a failover, against a real PostgreSQL 17 primary
 * and its streaming standby (synchronous, so a commit that returned is on the standby too), with no restart
 * of the application. The figures each test prints are one run's, not a benchmark.
 */
class FailoverPostgresTest {
    private static final String STANDBY = "s1";
    private PostgresServer primary;
    private PostgresServer standby;
    private CisternDataSource pool;

    private void startPair() throws Exception {
        startPair(true);
    }

    /** @param synchronous whether a commit waits for the standby ({@code synchronous_standby_names}) */
    private void startPair(boolean synchronous) throws Exception {
        primary = PostgresServer.startPrimary();
        standby = primary.startStandby(STANDBY);
        if (synchronous) {
            primary.synchronousStandby(STANDBY);
        }
        try (Connection admin = connect(primary)) {
            NumberedWriters.createTable(admin);
        }
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        if (primary != null) {
            primary.close(); // and its standby
        }
    }

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private PoolConfig.Builder config(String url) {
        return PoolConfig.builder().jdbcUrl(url).username(primary.username()).password(primary.password())
                .maximumPoolSize(8).minimumIdle(8).connectionTimeout(Duration.ofSeconds(10));
    }

    private String multiHostUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                + "/postgres?targetServerType=primary&connectTimeout=2";
    }

    /**
     * 16 threads write and commit numbered rows through a pool with a multi-host URL and {@code role=primary};
     * the primary stops (fast, or a crash) and the standby is promoted. Every row whose commit returned is on the
     * new primary, writes come back soon after the promotion, and the circuit never opened.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fast", "immediate"})
    void aPoolWithAMultiHostUrlFollowsThePromotedStandby(String stopMode) throws Exception {
        startPair();
        List<String> failovers = new CopyOnWriteArrayList<>();
        pool = new CisternDataSource(config(multiHostUrl()).role(RequiredRole.PRIMARY).listener(new PoolListener() {
            @Override
            public void failover(String server, String what) {
                failovers.add(server + ": " + what);
            }
        }).build());
        String oldServer = "127.0.0.1:" + primary.port();
        String newServer = "127.0.0.1:" + standby.port();
        await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 8);
        assertThat(pool.stats().servers()).containsOnlyKeys(oldServer);

        long promotedAt;
        try (NumberedWriters writers = new NumberedWriters(pool, 16)) {
            Thread.sleep(1000);
            int beforeStop = writers.committedCount();
            if (stopMode.equals("fast")) {
                primary.stop();
            } else {
                primary.crash();
            }
            Thread.sleep(500);
            standby.promote();
            promotedAt = System.nanoTime();
            writers.markFrom(promotedAt);
            await().atMost(20, TimeUnit.SECONDS).until(() -> writers.firstCommitAfterMarkNanos() != 0);
            Thread.sleep(1000);
            writers.close();
            double servedAfter = (writers.firstCommitAfterMarkNanos() - promotedAt) / 1e9;
            System.out.printf("failover (%s stop): %d commits before the stop, %d in all; first commit %.3f s after the"
                    + " promotion returned; failures by SQLState %s; pool %s%n", stopMode, beforeStop,
                    writers.committedCount(), servedAfter, writers.failures(), pool.stats().toMap());
            try (Connection newPrimary = connect(standby)) {
                assertThat(writers.missingOn(newPrimary)).as("committed rows missing on the new primary").isEmpty();
            }
            assertThat(servedAfter).as("seconds from the promotion to the first commit").isLessThan(5.0);
        }
        assertThat(pool.stats().servers()).containsOnlyKeys(newServer);
        assertThat(pool.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(pool.stats().circuitRefusals()).as("borrows refused as circuit open").isZero();
        assertThat(pool.stats().failovers()).isEqualTo(1);
        assertThat(failovers).singleElement().asString().startsWith(oldServer).contains("moved to " + newServer);
        assertThat(pool.stats().lastFailoverTime()).isNotNull();
    }

    /**
     * The name moves (a forwarder re-pointed, as DNS or a virtual IP would be) from the old primary, made
     * read-only by {@code default_transaction_read_only=on}, to the promoted standby, with the default
     * {@code role=any}. Before: every pooled connection stayed on the old server and every write failed with
     * 25006. Now each pooled connection fails one write at most once the name has moved: its return confirms the
     * server is read-only, the pool retires every connection there, and new ones go where the forwarder points.
     * (Asynchronous replication here: the old primary is fenced, read-only, and the standby has replayed all it
     * wrote, before the promotion; a synchronous primary would hold its last commits waiting for a standby that
     * no longer streams.)
     */
    @Test
    void aMovedNameIsFollowedWithinOneBorrowOfTheFirstRefusal() throws Exception {
        startPair(false);
        try (FaultProxy name = FaultProxy.start("127.0.0.1", primary.port())) {
            pool = new CisternDataSource(config("jdbc:postgresql://127.0.0.1:" + name.port() + "/postgres").build());
            String oldServer = "127.0.0.1:" + primary.port();
            String newServer = "127.0.0.1:" + standby.port();
            await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 8);
            try (NumberedWriters writers = new NumberedWriters(pool, 16)) {
                Thread.sleep(1000);
                String fencedAt;
                try (Connection old = connect(primary); Statement s = old.createStatement()) {
                    s.execute("ALTER SYSTEM SET default_transaction_read_only = on");
                    s.execute("SELECT pg_reload_conf()");
                    Thread.sleep(200); // transactions begun before the reload end
                    try (java.sql.ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                        rs.next();
                        fencedAt = rs.getString(1);
                    }
                }
                try (Connection replica = connect(standby); Statement s = replica.createStatement()) {
                    await().atMost(20, TimeUnit.SECONDS).until(() -> {
                        try (java.sql.ResultSet rs = s.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + fencedAt
                                + "'::pg_lsn")) {
                            return rs.next() && rs.getBoolean(1);
                        }
                    });
                }
                standby.promote();
                NumberedWriters.Around move = writers.around("25006", () -> name.retarget("127.0.0.1", standby.port()),
                        1000);
                System.out.printf("moved name: %s; failures by SQLState %s; pool %s%n", move, writers.failures(),
                        pool.stats().toMap());
                assertThat(move.refusedBefore()).as("the fenced server refused writes while the name led to it")
                        .isPositive();
                assertThat(move.refusedAfter()).as("writes refused after the name moved: one per pooled connection at"
                        + " most").isLessThanOrEqualTo(8);
                try (Connection newPrimary = connect(standby)) {
                    assertThat(writers.missingOn(newPrimary)).isEmpty();
                }
            }
            assertThat(pool.stats().servers()).containsOnlyKeys(newServer);
            assertThat(pool.stats().failovers()).as("the old server found demoted, once").isEqualTo(1);
            assertThat(pool.stats().toMap().get("servers").toString()).doesNotContain(oldServer);
        }
    }

    /**
     * The old primary comes back as a standby of the new one (rebuilt from it) while the name still leads to it:
     * the pool's connections there die with the restart, the new ones land on a read-only server and each is
     * retired at its first refused write; when the name moves, the pool follows, and nothing committed is lost.
     */
    @Test
    void anOldPrimaryBackAsAStandbyIsLeftAtTheFirstRefusal() throws Exception {
        startPair(false);
        try (FaultProxy name = FaultProxy.start("127.0.0.1", primary.port())) {
            pool = new CisternDataSource(config("jdbc:postgresql://127.0.0.1:" + name.port() + "/postgres")
                    .connectionCreationRate(0).build());
            await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 8);
            try (NumberedWriters writers = new NumberedWriters(pool, 16)) {
                Thread.sleep(1000);
                primary.stop(); // a fast stop sends the standby all it wrote; the promotion replays all it received
                standby.promote();
                primary.rejoinAsStandbyOf(standby, "old_primary");
                await().atMost(20, TimeUnit.SECONDS).until(() -> writers.failuresWith("25006") > 0);
                assertThat(pool.stats().failovers()).as("the old primary found read-only").isPositive();
                NumberedWriters.Around move = writers.around("25006", () -> name.retarget("127.0.0.1", standby.port()),
                        1000);
                System.out.printf("old primary back as a standby: %s; failures by SQLState %s%n", move, writers.failures());
                assertThat(move.refusedAfter()).isLessThanOrEqualTo(8);
                try (Connection newPrimary = connect(standby)) {
                    assertThat(writers.missingOn(newPrimary)).isEmpty();
                }
            }
            assertThat(pool.stats().servers()).containsOnlyKeys("127.0.0.1:" + standby.port());
        }
    }

    /**
     * {@code role=primary} on a URL that leads only to a standby: no connection is lent there, borrowers wait out
     * {@code connectionTimeout} and are told why, the circuit stays closed, and once the standby is promoted the
     * pool fills at once.
     */
    @Test
    void rolePrimaryKeepsThePoolOffAStandbyUntilItIsPromoted() throws Exception {
        startPair();
        pool = new CisternDataSource(PoolConfig.builder().jdbcUrl(standby.jdbcUrl()).username(standby.username())
                .password(standby.password()).maximumPoolSize(4).minimumIdle(0).initializationFailTimeout(Duration.ZERO)
                .connectionTimeout(Duration.ofSeconds(1)).role(RequiredRole.PRIMARY).build());
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(pool::getConnection)
                    .isInstanceOf(java.sql.SQLTransientConnectionException.class)
                    .hasMessageContaining("role the pool wants")
                    .hasMessageContaining("in recovery");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
        }
        assertThat(pool.stats().total()).isZero();
        assertThat(pool.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
        long refused = pool.stats().wrongRoleRefusals();
        assertThat(refused).as("connections closed on the standby").isPositive()
                .as("about five attempts a second at most").isLessThan(40);
        assertThat(pool.health().reasons()).anySatisfy(r -> assertThat(r).contains("role=primary"));

        standby.promote();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + NumberedWriters.TABLE + " VALUES (1, 0)");
        }
        assertThat(pool.stats().servers()).containsOnlyKeys("127.0.0.1:" + standby.port());
    }

    /**
     * A server that speaks PostgreSQL but does not answer the role query (here: the function revoked from the
     * application's role; a PostgreSQL-compatible database may lack it) still serves a pool with the default role,
     * whose connections are then on an unknown server; {@code role=primary} cannot check, so it refuses.
     */
    @Test
    void aServerThatDoesNotAnswerTheRoleQueryStillServesRoleAny() throws Exception {
        primary = PostgresServer.start();
        primary.createRole("app");
        try (Connection admin = connect(primary); Statement s = admin.createStatement()) {
            s.execute("REVOKE EXECUTE ON FUNCTION pg_is_in_recovery() FROM PUBLIC");
        }
        pool = new CisternDataSource(PoolConfig.builder().jdbcUrl(primary.jdbcUrl()).username("app").password("any")
                .maximumPoolSize(2).minimumIdle(2).build());
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 2);
        assertThat(pool.stats().servers()).containsOnlyKeys("unknown");
        pool.close();
        pool = new CisternDataSource(PoolConfig.builder().jdbcUrl(primary.jdbcUrl()).username("app").password("any")
                .maximumPoolSize(2).minimumIdle(0).initializationFailTimeout(Duration.ZERO)
                .connectionTimeout(Duration.ofMillis(800)).role(RequiredRole.PRIMARY).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("does not answer the role query").hasMessageContaining("permission denied");
    }

    /**
     * A 25006 the borrower caused itself (a read-only connection, a read-only transaction) is not a failover: the
     * server is asked, says it takes writes, and no connection is retired.
     */
    @Test
    void aReadOnlyRefusalOfTheBorrowersOwnIsNotAFailover() throws Exception {
        startPair();
        pool = new CisternDataSource(config(primary.jdbcUrl()).maximumPoolSize(2).minimumIdle(2).build());
        await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 2);
        try (Connection c = pool.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("INSERT INTO "
                        + NumberedWriters.TABLE + " VALUES (1, 0)")).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            }
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("INSERT INTO "
                        + NumberedWriters.TABLE + " VALUES (2, 0)")).isInstanceOf(SQLException.class);
            }
        }
        assertThat(pool.stats().failovers()).isZero();
        assertThat(pool.stats().destroyed()).as("connections retired").isZero();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + NumberedWriters.TABLE + " VALUES (3, 0)");
        }
    }
}
