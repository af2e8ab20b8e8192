package dev.cistern.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The floor a pool is measured against: each benchmark thread's own connection, opened at its first use. */
final class DedicatedConnections implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final ThreadLocal<Connection> mine = new ThreadLocal<>();
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    DedicatedConnections(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The calling thread's connection; the caller keeps it open. */
    Connection forCurrentThread() throws SQLException {
        Connection connection = mine.get();
        if (connection == null) {
            connection = DriverManager.getConnection(url, user, password);
            mine.set(connection);
            opened.add(connection);
        }
        return connection;
    }

    @Override
    public void close() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
    }
}
