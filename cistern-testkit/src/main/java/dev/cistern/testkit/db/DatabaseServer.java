package dev.cistern.testkit.db;

import java.io.IOException;
import java.sql.SQLException;

/** A real database server a test started on loopback: where to connect, and how to take it away and back. */
public interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    String username();

    String password();

    int port();

    /** Stops the server, keeping its data; open sessions are ended. */
    void stop() throws IOException;

    /** Starts it again after {@link #stop()}, on the same port with the same data. */
    void startServer() throws IOException;

    /** SQL that returns the current session's server-side id. */
    String sessionIdQuery();

    /** Ends one session from an admin connection, as an operator killing it would. */
    void killSession(long sessionId) throws SQLException;

    /** Stops the server and deletes its files. */
    @Override
    void close();
}
