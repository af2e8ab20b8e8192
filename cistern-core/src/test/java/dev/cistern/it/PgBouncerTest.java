package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolerMode;
import dev.cistern.testkit.db.PgBouncer;
import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pool behind Debian's PgBouncer in front of the real PostgreSQL. In transaction mode, with
 * {@code poolerMode=TRANSACTION}: 16 threads with prepared statements, their own isolation, read-only and
 * schema per transaction, and no client ever sees another's settings. Without it, the two failures
 * docs/poolers.md describes, made to happen on purpose: "prepared statement S_1 does not exist" and a
 * leaked {@code search_path}.
 */
@Tag("integration")
class PgBouncerTest {
    private static PostgresServer server;

    @BeforeAll
    static void setUp() throws Exception {
        boolean installed = PgBouncer.binary() != null;
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("pgbouncer must be installed in CI (.ci/run installs Debian's package)");
        }
        Assumptions.assumeTrue(installed, "pgbouncer is not installed here (apt-get install pgbouncer): skipping");
        server = SharedServers.postgres();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             Statement s = c.createStatement()) {
            for (int i = 0; i < 4; i++) {
                s.execute("drop schema if exists s" + i + " cascade");
                s.execute("create schema s" + i);
                s.execute("create table s" + i + ".marker (v int)");
                s.execute("insert into s" + i + ".marker values (" + i + ")");
            }
        }
    }

    private static PoolConfig.Builder pool(PgBouncer bouncer, PoolerMode mode, int size) {
        return PoolConfig.builder().jdbcUrl(bouncer.jdbcUrl()).username(server.username()).password(server.password())
                .poolerMode(mode).maximumPoolSize(size).minimumIdle(0).connectionTimeout(Duration.ofSeconds(10));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void sessionModeWorksAsADirectConnection() throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.Mode.SESSION, 4);
             CisternDataSource ds = new CisternDataSource(pool(bouncer, PoolerMode.NONE, 4).build());
             Connection c = ds.getConnection()) {
            c.setSchema("s2");
            try (ResultSet rs = c.createStatement().executeQuery("select v from marker")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    /** 16 threads, 4 server connections: each sees only its own settings, and prepared statements work. */
    @Test
    void transactionModeWithPoolerModeNothingLeaksAndNothingFails() throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, 4);
             CisternDataSource ds = new CisternDataSource(pool(bouncer, PoolerMode.TRANSACTION, 16).build())) {
            assertThat(ds.config().dataSourceProperties()).containsEntry("prepareThreshold", "0");
            List<String> wrong = new CopyOnWriteArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(16);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int me = t;
                work.add(threads.submit(() -> {
                    for (int round = 0; round < 25; round++) {
                        int isolation = me % 2 == 0 ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_READ_COMMITTED;
                        boolean readOnly = me % 3 == 0;
                        int schema = me % 4;
                        try (Connection c = ds.getConnection()) {
                            c.setAutoCommit(false);
                            c.setTransactionIsolation(isolation);
                            c.setReadOnly(readOnly);
                            c.setSchema("s" + schema);
                            String iso = show(c, "transaction_isolation");
                            if (!iso.equals(isolation == Connection.TRANSACTION_SERIALIZABLE ? "serializable" : "read committed")) {
                                wrong.add("thread " + me + " saw isolation " + iso);
                            }
                            if (!show(c, "transaction_read_only").equals(readOnly ? "on" : "off")) {
                                wrong.add("thread " + me + " saw read-only " + !readOnly);
                            }
                            try (PreparedStatement p = c.prepareStatement("select v + ? from marker")) {
                                for (int i = 0; i < 8; i++) {
                                    p.setInt(1, i);
                                    try (ResultSet rs = p.executeQuery()) {
                                        rs.next();
                                        if (rs.getInt(1) != schema + i) {
                                            wrong.add("thread " + me + " read schema " + (rs.getInt(1) - i));
                                        }
                                    }
                                }
                            }
                            c.commit();
                        }
                        try (Connection c = ds.getConnection()) { // autocommit, nothing set: the server's defaults
                            if (!show(c, "search_path").equals("\"$user\", public")) {
                                wrong.add("a plain client saw search_path " + show(c, "search_path"));
                            }
                            if (!show(c, "transaction_isolation").equals("read committed")) {
                                wrong.add("a plain client saw isolation " + show(c, "transaction_isolation"));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            threads.shutdownNow();
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void poolerModeRefusesSessionSettingsAndScopesWhatItCan() throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, 2)) {
            assertThatThrownBy(() -> pool(bouncer, PoolerMode.TRANSACTION, 2).connectionInitSql("set search_path to s1").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("connectionInitSql is a session setting; behind a transaction-mode pooler");
            assertThatThrownBy(() -> pool(bouncer, PoolerMode.TRANSACTION, 2).schema("s1").build())
                    .hasMessageContaining("set it per transaction with Connection.setSchema");
            try (CisternDataSource ds = new CisternDataSource(pool(bouncer, PoolerMode.TRANSACTION, 2).build());
                 Connection c = ds.getConnection()) {
                c.setSchema("s1");
                assertThat(c.getSchema()).isEqualTo("s1");
                assertThatThrownBy(() -> show(c, "search_path")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("with autocommit on there is no transaction to apply it to");
            }
        }
    }

    /** Without poolerMode, pgjdbc's named statement lives on one server connection; the next transaction may get another. */
    @Test
    void withoutPoolerModeAPreparedStatementGoesMissing() throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, 2);
             CisternDataSource ds = new CisternDataSource(pool(bouncer, PoolerMode.NONE, 2).build());
             Connection c = ds.getConnection();
             Connection other = ds.getConnection()) {
            c.setAutoCommit(false);
            PreparedStatement p = c.prepareStatement("select 1 + ?");
            for (int i = 0; i < 6; i++) { // past pgjdbc's prepareThreshold (5): now a named server statement
                p.setInt(1, i);
                p.executeQuery().close();
            }
            c.commit(); // PgBouncer takes that server connection back
            other.setAutoCommit(false);
            show(other, "server_version"); // ... and gives it to another client's open transaction
            p.setInt(1, 7);
            assertThatThrownBy(p::executeQuery).isInstanceOf(SQLException.class)
                    .hasMessageContaining("prepared statement \"S_"); // "does not exist" (or "already exists")
            // the server connections now hold each other's statements: even cleaning up may fail the same way
            for (Connection each : List.of(c, other)) {
                try {
                    each.rollback();
                } catch (SQLException alsoBroken) {
                    assertThat(alsoBroken.getMessage()).contains("prepared statement");
                }
            }
        }
    }

    /** Without poolerMode, setSchema is a session SET: another client on the same server connection gets it. */
    @Test
    void withoutPoolerModeASchemaLeaksToAnotherClient() throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, 1);
             CisternDataSource ds = new CisternDataSource(pool(bouncer, PoolerMode.NONE, 2).build())) {
            // one server connection behind PgBouncer: whatever one client SETs, the next one finds
            try (Connection c = DriverManager.getConnection(bouncer.jdbcUrl(), server.username(), server.password())) {
                String seen;
                try (Connection leaker = ds.getConnection()) {
                    leaker.setSchema("s3");
                    seen = show(c, "search_path");
                }
                assertThat(seen).as("a client that set nothing sees another client's schema").contains("s3");
            }
        }
    }
}
