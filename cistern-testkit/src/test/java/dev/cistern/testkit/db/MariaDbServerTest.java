package dev.cistern.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class MariaDbServerTest {

    @Test
    void startsQueriesRestartsOnTheSamePortAndKillsConnections() throws Exception {
        try (MariaDbServer server = MariaDbServer.start()) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                    Statement s = c.createStatement()) {
                s.execute("create table kept (x int)");
                s.execute("insert into kept values (42)");
                try (ResultSet rs = s.executeQuery("select version()")) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("MariaDB");
                }
            }
            Connection victim = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
            assertThat(server.killConnections()).isGreaterThanOrEqualTo(1);
            assertThatThrownBy(() -> victim.createStatement().execute("select 1")).isInstanceOf(SQLException.class);
            victim.close();

            server.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password()))
                    .isInstanceOf(SQLException.class);
            server.startServer();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select x from kept")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
