package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.proxy.ConnectionLease;
import dev.cistern.proxy.ProxyConnection;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Objects kept past their connection's end: metadata, statements, result sets and metadata result sets
 * refuse use (SQLState 08003, with the reason) once the connection was closed, reclaimed or evicted,
 * because by then the physical connection may belong to the next borrower.
 */
class StaleObjectTest extends StubPoolTest {

    private static void assertRefused(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08003");
            assertThat(e.getMessage()).contains(reason);
        });
    }

    @Test
    void metadataKeptPastCloseRefusesInsteadOfRunningOnTheNextBorrowersConnection() throws SQLException {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).build());
        Connection c = ds.getConnection();
        DatabaseMetaData md = c.getMetaData();
        assertThat(md.getURL()).isEqualTo(db.url());
        c.close();
        try (Connection next = ds.getConnection()) { // the same physical connection, lent again
            assertRefused(md::getURL, "connection is closed");
            assertRefused(md::getDatabaseProductName, "connection is closed");
            assertRefused(md::getConnection, "connection is closed");
            assertThat(next.getMetaData().getURL()).isEqualTo(db.url());
        }
    }

    @Test
    void statementsAndResultSetsKeptPastCloseRefuse() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("select 1");
        CallableStatement cs = c.prepareCall("{call p()}");
        ResultSet rs = s.executeQuery("select 1");
        ResultSet mdRs = c.getMetaData().getTables(null, null, "%", null);
        c.close();

        assertRefused(() -> s.executeQuery("select 1"), "connection is closed");
        assertRefused(s::getFetchSize, "connection is closed");
        assertRefused(ps::executeQuery, "connection is closed");
        assertRefused(() -> ps.setInt(1, 1), "connection is closed");
        assertRefused(cs::execute, "connection is closed");
        assertRefused(() -> cs.getInt(1), "connection is closed");
        assertRefused(rs::next, "connection is closed");
        assertRefused(() -> rs.getInt(1), "connection is closed");
        assertRefused(mdRs::next, "connection is closed");
        assertRefused(mdRs::getMetaData, "connection is closed");
        // asking whether they are closed is always allowed, and closing again is harmless
        assertThat(s.isClosed()).isTrue();
        assertThat(ps.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        assertThat(mdRs.isClosed()).isTrue();
        s.close();
        rs.close();
        mdRs.close();
    }

    @Test
    void aStatementMadeBeforeALeakReclaimRefusesAfterIt() throws Exception {
        ds = new CisternDataSource(config(db).minimumIdle(1).maximumPoolSize(1)
                .leakDetectionThreshold(Duration.ofMillis(100)).leakReclaimThreshold(Duration.ofMillis(200)).build());
        Connection leaked = ds.getConnection();
        Statement s = leaked.createStatement();
        PreparedStatement ps = leaked.prepareStatement("select 1");
        ResultSet rs = s.executeQuery("select 1");
        DatabaseMetaData md = leaked.getMetaData();
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().leaksReclaimed() == 1);

        assertRefused(() -> s.executeQuery("select 1"), "connection reclaimed by pool");
        assertRefused(ps::executeUpdate, "connection reclaimed by pool");
        assertRefused(rs::next, "connection reclaimed by pool");
        assertRefused(md::getURL, "connection reclaimed by pool");
        assertRefused(leaked::createStatement, "connection reclaimed by pool");
        leaked.close();
    }

    @Test
    void objectsOfAConnectionAbortedByPoolShutdownRefuseWithThatReason() throws SQLException {
        ds = new CisternDataSource(config(db).shutdownTimeout(Duration.ofMillis(100)).build());
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        DatabaseMetaData md = c.getMetaData();
        ds.close();
        assertRefused(s::getMaxRows, "the pool was closed while it was borrowed");
        assertRefused(md::getURL, "the pool was closed while it was borrowed");
        assertRefused(c::getMetaData, "the pool was closed while it was borrowed");
        c.close();
    }

    /** A lease that only records whether the connection came back. */
    private static final class RecordingLease implements ConnectionLease {
        int givenBack;

        @Override
        public boolean isFatal(SQLException e) {
            return false;
        }

        @Override
        public void giveBack(int dirtyBits, boolean rollbackNeeded, boolean broken) {
            givenBack++;
        }
    }

    @Test
    void theUsersOwnCloseKeepsItsReasonWhenThePoolLaterTakesTheConnectionBack() throws SQLException {
        RecordingLease lease = new RecordingLease();
        try (Connection physical = DriverManager.getConnection(db.url())) {
            ProxyConnection c = new ProxyConnection(lease, physical, true);
            Statement s = c.createStatement();
            c.close();
            assertThat(c.takeAway("connection reclaimed by pool after 99 s")).isFalse();
            c.invalidate("connection was closed by the pool: shutdown");
            assertRefused(c::createStatement, "connection is closed");
            assertRefused(s::getMaxRows, "connection is closed");
            assertThatThrownBy(c::createStatement).hasMessageNotContaining("reclaimed").hasMessageNotContaining("shutdown");
            assertThat(lease.givenBack).isEqualTo(1);
        }
    }

    @Test
    void theFirstTakeBackKeepsItsReasonToo() throws SQLException {
        RecordingLease lease = new RecordingLease();
        try (Connection physical = DriverManager.getConnection(db.url())) {
            ProxyConnection c = new ProxyConnection(lease, physical, true);
            assertThat(c.takeAway("connection reclaimed by pool after 1 s")).isTrue();
            assertThat(c.takeAway("connection reclaimed by pool after 2 s")).isFalse();
            c.invalidate("connection was closed by the pool: retired");
            assertRefused(c::createStatement, "connection reclaimed by pool after 1 s");
            assertThat(c.isClosed()).isTrue();
            c.close(); // a no-op: whoever took it back owns the return
            assertThat(lease.givenBack).isZero();
        }
    }

    @Test
    void navigationLeadsBackToTheProxiesNeverToThePhysicalConnection() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1")) {
            assertThat(rs.getStatement().getConnection()).isSameAs(c);
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            try (ResultSet tables = md.getTables(null, null, "%", null)) {
                assertThat(tables.getStatement()).isNull(); // no statement made it, as JDBC says
                assertThat(tables.next()).isTrue();
                assertThat(tables.getInt(1)).isEqualTo(1);
            }
        }
    }
}
