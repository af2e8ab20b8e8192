package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.CisternDataSource;
import dev.cistern.testkit.db.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The pool against a real MariaDB 11.4 server started once for the run (SharedServers). */
class MariaDbIntegrationTest extends RealServerContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.mariaDb();
    }

    /**
     * MariaDB Connector/J answers {@code Connection.getWarnings()} with a {@code SHOW WARNINGS} round trip
     * whenever the last statement left warnings; {@code clearWarnings()} only resets a counter. The return
     * path must clear without asking.
     */
    @Test
    void aWarningLeftByTheBorrowerIsClearedOnReturnWithoutARoundTrip() throws SQLException {
        ds = new CisternDataSource(config().maximumPoolSize(1).build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select cast('x' as signed)")) { // "Truncated incorrect INTEGER value"
            rs.next();
        }
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("show session status like 'Com_show_warnings'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(2)).as("SHOW WARNINGS sent on this session").isZero();
            }
            assertThat((Object) c.getWarnings()).as("the next borrower sees no warning of the last one").isNull();
        }
    }
}
