package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.db.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the pool must do against every real server: ordinary work with transactions, noticing a pooled
 * connection killed on the server side, and recovering when the server restarts under it. Each database
 * supplies its server and how to find and kill a session.
 */
@Tag("integration")
abstract class RealServerContract {
    protected CisternDataSource ds;

    /** The running server, started once for the test class. */
    protected abstract DatabaseServer server();

    protected PoolConfig.Builder config() {
        return PoolConfig.builder()
                .jdbcUrl(server().jdbcUrl())
                .username(server().username())
                .password(server().password())
                .maximumPoolSize(3)
                .minimumIdle(1)
                .connectionTimeout(Duration.ofSeconds(3))
                .retryBackoff(Duration.ofMillis(20))
                .retryBackoffMax(Duration.ofMillis(200));
    }

    @AfterEach
    void closePool() {
        if (ds != null) {
            ds.close();
        }
    }

    @Test
    void borrowReturnCommitAndRollbackOnReturn() throws SQLException {
        ds = new CisternDataSource(config().build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists cistern_it");
            s.execute("create table cistern_it (id integer primary key, label varchar(50) not null)");
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into cistern_it values (1, 'committed')");
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into cistern_it values (2, 'left open')");
            }
            // returned with the second insert uncommitted: the pool must roll it back
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select label from cistern_it order by id")) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("committed");
            assertThat(rs.next()).isFalse();
        }
        assertThat(ds.stats().reused()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void idleConnectionKilledOnTheServerIsReplaced() throws SQLException {
        ds = new CisternDataSource(config().maximumPoolSize(1).aliveBypassWindow(Duration.ZERO).build());
        long killed = sessionId();
        server().killSession(killed);
        // the next borrow validates the idle connection, finds it dead and opens a new one
        long replacement = sessionId();
        assertThat(replacement).isNotEqualTo(killed);
        assertThat(ds.stats().validationFailures()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void connectionKilledWhileBorrowedIsDiscardedOnReturn() throws SQLException {
        ds = new CisternDataSource(config().maximumPoolSize(1).build());
        long killed;
        try (Connection c = ds.getConnection()) {
            killed = sessionIdOn(c);
            server().killSession(killed);
            assertThatThrownBy(() -> sessionIdOn(c)).isInstanceOf(SQLException.class);
        }
        assertThat(sessionId()).isNotEqualTo(killed);
        assertThat(ds.stats().destroyed()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void poolRecoversWhenTheServerRestarts() throws Exception {
        ds = new CisternDataSource(config().aliveBypassWindow(Duration.ZERO).connectionTimeout(Duration.ofSeconds(1)).build());
        long before = sessionId();
        server().stop();
        try {
            assertThatThrownBy(this::sessionId).isInstanceOf(SQLException.class);
        } finally {
            server().startServer();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> sessionId() != before);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private long sessionId() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return sessionIdOn(c);
        }
    }

    private long sessionIdOn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(server().sessionIdQuery())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
