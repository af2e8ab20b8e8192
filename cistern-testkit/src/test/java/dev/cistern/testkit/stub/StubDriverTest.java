package dev.cistern.testkit.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each switch and counter of the stub driver does what the pool's tests rely on. */
class StubDriverTest {
    private final StubDatabase db = StubDatabase.create();

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.url());
    }

    @Test
    void connectsThroughDriverManagerAndCounts() throws SQLException {
        try (Connection c = connect()) {
            assertThat(c).isInstanceOf(StubConnection.class);
            assertThat(db.openConnectionCount()).isEqualTo(1);
        }
        assertThat(db.connectAttempts()).isEqualTo(1);
        assertThat(db.connectionsOpened()).isEqualTo(1);
        assertThat(db.connectionsClosed()).isEqualTo(1);
        assertThat(db.openConnectionCount()).isZero();
        assertThat(new StubDriver().acceptsURL("jdbc:postgresql://h/db")).isFalse();
    }

    @Test
    void queriesReturnOneRowHoldingOne() throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("select ?")) {
            s.setInt(1, 5);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString("1")).isEqualTo("1");
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
                assertThat(rs.next()).isFalse();
            }
        }
        assertThat(db.statementsExecuted()).isEqualTo(1);
    }

    @Test
    void failNextConnectsFailsExactlyThatMany() throws SQLException {
        db.failNextConnects(2);
        assertThatThrownBy(this::connect).hasMessageContaining("connection refused");
        assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
        connect().close();
        assertThat(db.connectAttempts()).isEqualTo(3);
    }

    @Test
    void failAllConnectsUntilSwitchedOff() throws SQLException {
        db.failAllConnects(true);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(this::connect).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        }
        db.failAllConnects(false);
        connect().close();
    }

    @Test
    void hangOnConnectBlocksUntilReleased() throws Exception {
        db.hangOnConnect(true);
        CompletableFuture<Connection> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return connect();
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200);
        assertThat(pending).isNotDone();
        db.hangOnConnect(false);
        pending.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void connectDelayDelays() throws SQLException {
        db.connectDelay(Duration.ofMillis(100));
        long start = System.nanoTime();
        connect().close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void validationSwitches() throws SQLException {
        try (Connection c = connect()) {
            assertThat(c.isValid(1)).isTrue();
            db.failValidation(true);
            assertThat(c.isValid(1)).isFalse();
            db.failValidation(false);
            db.hangValidation(true);
            long start = System.nanoTime();
            assertThat(c.isValid(1)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            db.hangValidation(false);
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void breakAllOpenConnectionsBreaksOnlyThoseOpenNow() throws SQLException {
        Connection before = connect();
        db.breakAllOpenConnections();
        Connection after = connect();
        assertThat(before.isValid(1)).isFalse();
        assertThatThrownBy(before::createStatement).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"));
        assertThat(after.isValid(1)).isTrue();
        before.close();
        after.close();
        assertThat(db.openConnectionCount()).isZero();
    }

    @Test
    void statementFailureSwitches() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            db.failNextStatements(1, "57P01");
            assertThatThrownBy(() -> s.execute("x")).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57P01"));
            assertThat(s.execute("x")).isTrue();
            db.failAllStatements("42000");
            assertThatThrownBy(() -> s.executeUpdate("x")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeQuery("x")).isInstanceOf(SQLException.class);
            db.failAllStatements(null);
            assertThat(s.executeUpdate("x")).isEqualTo(1);
        }
    }

    @Test
    void transactionsAndSessionStateAreTracked() throws SQLException {
        try (StubConnection c = (StubConnection) connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert");
            }
            assertThat(c.inTransaction()).isTrue();
            c.rollback();
            assertThat(c.inTransaction()).isFalse();
            assertThat(c.rollbackCount()).isEqualTo(1);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert");
            }
            c.setAutoCommit(true); // commits, as JDBC says
            assertThat(c.commitCount()).isEqualTo(1);
            assertThat(c.setAutoCommitCalls()).isEqualTo(2);
            c.addWarning("notice");
            assertThat(c.getWarnings().getMessage()).isEqualTo("notice");
            c.clearWarnings();
            assertThat((Object) c.getWarnings()).isNull();
            c.createStatement();
            assertThat(c.openStatementCount()).isEqualTo(1);
        }
        assertThat(db.rollbacks()).isEqualTo(1);
        assertThat(db.commits()).isEqualTo(1);
    }

    @Test
    void closedConnectionRefusesWork() throws SQLException {
        StubConnection c = (StubConnection) connect();
        Statement s = c.createStatement();
        Statement closedByUser = c.createStatement();
        closedByUser.close();
        closedByUser.close(); // counted once
        ResultSet rs = s.executeQuery("select 1");
        assertThat(c.openStatementCount()).isEqualTo(1);
        c.close();
        assertThat(c.openStatementCount()).isZero();
        assertThat(s.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        assertThatThrownBy(rs::next).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        assertThatThrownBy(() -> s.executeQuery("select 1"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        assertThatThrownBy(c::createStatement).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        assertThat(c.isValid(1)).isFalse();
    }

    @Test
    void statementDelayParksEachExecution() throws SQLException {
        db.statementDelay(Duration.ofMillis(50));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.execute("x");
            s.execute("x");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        }
    }

    @Test
    void requireCredentialsChecksUserAndPassword() throws SQLException {
        db.requireCredentials("app", "s3cret");
        Properties wrong = new Properties();
        wrong.setProperty("user", "app");
        wrong.setProperty("password", "nope");
        assertThatThrownBy(() -> DriverManager.getConnection(db.url(), wrong))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        DriverManager.getConnection(db.url(), "app", "s3cret").close();
        new StubDataSource(db).getConnection("app", "s3cret").close();
    }

    @Test
    void twoThreadsInsideOneConnectionAtOnceAreReported() throws Exception {
        db.statementDelay(Duration.ofMillis(200));
        try (Connection shared = connect(); Connection other = connect()) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> execute(shared));
            Thread.sleep(50); // the first is inside its 200 ms statement
            execute(shared);
            first.get(5, TimeUnit.SECONDS);
            assertThat(db.concurrentUses()).hasSize(1).first().asString().contains("used by");

            db.reset();
            db.statementDelay(Duration.ofMillis(50));
            CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> execute(other));
            execute(shared); // two connections at once, and one thread after the other: both fine
            elsewhere.get(5, TimeUnit.SECONDS);
            execute(other);
            assertThat(other.isValid(1)).isTrue();
            assertThat(db.concurrentUses()).isEmpty();
        }
    }

    private static void execute(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
