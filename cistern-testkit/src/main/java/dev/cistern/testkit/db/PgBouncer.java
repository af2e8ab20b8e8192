package dev.cistern.testkit.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PgBouncer in front of a {@link PostgresServer}, in session or transaction mode, with a small
 * server pool (so that clients really share server connections). {@code .ci/run} installs the package;
 * {@link #binary()} says whether it is here. As root it runs as {@code nobody}, since PgBouncer refuses root.
 */
public final class PgBouncer implements AutoCloseable {
    /** PgBouncer's {@code pool_mode}. */
    public enum Mode { SESSION, TRANSACTION }

    private static final List<String> PLACES = List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer",
            "/usr/local/bin/pgbouncer");

    private final Path home;
    private final int port;
    private final Process process;

    private PgBouncer(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** {@return the pgbouncer executable, or null when it is not installed} */
    public static Path binary() {
        for (String place : PLACES) {
            Path path = Path.of(place);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }

    /**
     * Starts PgBouncer on a free loopback port in front of {@code server}'s {@code postgres} database.
     *
     * @param server          the PostgreSQL server behind it
     * @param mode            session or transaction pooling
     * @param serverPoolSize  server connections PgBouncer keeps per user and database
     * @return the running PgBouncer
     */
    public static PgBouncer start(PostgresServer server, Mode mode, int serverPoolSize) throws IOException {
        Path binary = binary();
        if (binary == null) {
            throw new IOException("pgbouncer is not installed (Debian: apt-get install pgbouncer; .ci/run does it)");
        }
        Path home = Files.createTempDirectory("cistern-pgbouncer-");
        int port = Processes.freeLoopbackPort();
        Files.writeString(home.resolve("users.txt"), "\"" + server.username() + "\" \"\"\n");
        Files.writeString(home.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                "postgres = host=127.0.0.1 port=" + server.port() + " dbname=postgres",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + home.resolve("users.txt"),
                "pool_mode = " + mode.name().toLowerCase(Locale.ROOT),
                "default_pool_size = " + serverPoolSize,
                "max_client_conn = 500",
                "ignore_startup_parameters = extra_float_digits,options",
                "logfile = " + home.resolve("pgbouncer.log"),
                "pidfile = " + home.resolve("pgbouncer.pid"),
                ""));
        if (Processes.runningAsRoot()) {
            Processes.run(List.of("chmod", "-R", "a+rwX", home.toString()), 30);
        }
        List<String> command = new ArrayList<>(Processes.asUnprivileged(List.of(binary.toString(),
                home.resolve("pgbouncer.ini").toString())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("stdout.log").toFile()).start();
        PgBouncer bouncer = new PgBouncer(home, port, process);
        try {
            bouncer.awaitListening();
        } catch (IOException e) {
            bouncer.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bouncer::close, "cistern-pgbouncer-cleanup"));
        return bouncer;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("pgbouncer exited: " + log());
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("pgbouncer did not listen within 30 s: " + log());
    }

    private String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("stdout.log", "pgbouncer.log")) {
            try {
                text.append(Files.readString(home.resolve(name)));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return text.toString();
    }

    /** {@return a pgjdbc URL for the {@code postgres} database through PgBouncer} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** {@return the port PgBouncer listens on} */
    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PostgresServer.deleteRecursively(home);
    }
}
