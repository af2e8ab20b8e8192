package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default, SQLite, through the real sqlite-jdbc driver. */
class SqliteTest {

    @Test
    void inMemoryDatabaseIsSharedByEveryPooledConnection() throws SQLException {
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:sqlite::memory:")
                .maximumPoolSize(3).build())) {
            List<Connection> held = new ArrayList<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table notes(id integer primary key, body text not null)");
                s.execute("insert into notes(body) values ('kept')");
            }
            for (int i = 0; i < 3; i++) {
                held.add(ds.getConnection());
            }
            for (Connection c : held) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select body from notes")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("kept");
                }
                c.close();
            }
            ds.softEvictConnections(); // every pooled connection goes; the data must survive
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from notes")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void twoInMemoryPoolsDoNotSeeEachOther() throws SQLException {
        try (CisternDataSource a = new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:sqlite::memory:").maximumPoolSize(1).build());
                CisternDataSource b = new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:sqlite::memory:").maximumPoolSize(1).build())) {
            try (Connection c = a.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table only_in_a(x int)");
            }
            try (Connection c = b.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("select * from only_in_a")).hasMessageContaining("no such table");
            }
        }
    }

    @Test
    void fileDatabaseWithTransactions(@TempDir Path dir) throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("app.db");
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder().jdbcUrl(url).maximumPoolSize(2).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table t(x int)");
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("insert into t values (1)");
                }
                // returned with the transaction open: the pool rolls it back
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from t")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                assertThat(c.getAutoCommit()).isTrue();
            }
        }
    }

    @Test
    void invalidDatabasePathFailsAfterRetriesWithinTheConnectionTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> new CisternDataSource(PoolConfig.builder()
                .jdbcUrl("jdbc:sqlite:/nonexistent/dir/db.sqlite").poolName("badpath")
                .connectionTimeout(Duration.ofSeconds(5)).build()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("badpath - could not open a connection to jdbc:sqlite:/nonexistent/dir/db.sqlite (4 attempts in ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
