package dev.cistern.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** What the real-server routing tests do through a data source: ask the server its port, insert, read back. */
final class RoutedWork {
    private final String portQuery;
    private final AtomicLong ids = new AtomicLong();

    /** @param portQuery the database's way to ask which server answers ({@code select inet_server_port()}, {@code select @@port}) */
    RoutedWork(String portQuery) {
        this.portQuery = portQuery;
    }

    int serverPort(DataSource ds, boolean readOnly) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(readOnly);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(portQuery)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Inserts a new row into {@code items}; returns its id. */
    long insert(DataSource ds) throws SQLException {
        long id = ids.incrementAndGet();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("insert into items values (?, 'x')")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        return id;
    }

    /** Whether a read-only connection finds the row. */
    boolean readSees(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement("select count(*) from items where id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        }
    }
}
