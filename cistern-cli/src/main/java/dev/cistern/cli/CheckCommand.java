package dev.cistern.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cistern.dialect.DatabaseType;
import dev.cistern.dialect.Dialect;
import dev.cistern.internal.PostgresCapacity;
import dev.cistern.internal.Secrets;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cistern check}: can the pool reach this database properly? Connects once (no pool), then reports
 * the server, the round trip, the validation the pool will use, the fatal-error rules it will apply, TLS,
 * signs of a server-side pooler in between, and advice on settings. Exit 0 when the database answers, 1
 * when it cannot be reached, 2 for bad input.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = CisternVersion.class,
        description = "Connect once and report the server, round-trip latency, validation, fatal-error rules, TLS,"
                + " a pooler in between, and settings advice.")
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Option(names = "--pings", paramLabel = "N", defaultValue = "20",
            description = "Round trips to time, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int pings;

    @Option(names = "--json", description = "Print the findings as one JSON object instead of one line each.")
    boolean json;

    @Option(names = "--fleet", paramLabel = "N", description = "PostgreSQL: also print the share each of N instances"
            + " would get with a fleet budget (docs/fleet.md), 1 to 10000.")
    Integer fleet;

    @Option(names = "--fleet-name", paramLabel = "NAME", description = "With --fleet: the fleet's name, so that its"
            + " members' own sessions are not counted as others.")
    String fleetName;

    @Option(names = "--headroom", paramLabel = "N", defaultValue = "2", description = "With --fleet: the connections"
            + " left free, 0 or more (default: ${DEFAULT-VALUE}, as fleet.headroom).")
    int headroom;

    @Override
    public Integer call() {
        database.validate(spec.commandLine());
        if (pings < 1 || pings > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pings must be between 1 and 10000; was " + pings);
        }
        if (fleet != null && (fleet < 1 || fleet > 10_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fleet must be between 1 and 10000; was " + fleet);
        }
        if (headroom < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--headroom must be 0 or more; was " + headroom);
        }
        if (fleet == null && fleetName != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fleet-name goes with --fleet N");
        }
        Map<String, Object> findings = new LinkedHashMap<>();
        String url = database.url();
        findings.put("database", Secrets.maskUrl(database.jdbcUrl));
        Properties credentials = new Properties();
        if (database.user != null) {
            credentials.setProperty("user", database.user);
        }
        String password = System.getenv("CISTERN_DB_PASSWORD");
        if (password != null) {
            credentials.setProperty("password", password);
        }
        DriverManager.setLoginTimeout(10);
        try (Connection c = DriverManager.getConnection(url, credentials)) {
            findings.put("status", "reachable");
            inspect(c, url, findings);
        } catch (SQLException e) {
            findings.put("status", "unreachable");
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            findings.put("error", Secrets.scrub(message.replace(database.jdbcUrl, Secrets.maskUrl(database.jdbcUrl)),
                    password));
            print(findings);
            return CisternCommand.RUN_ERROR;
        }
        print(findings);
        return 0;
    }

    private void inspect(Connection c, String url, Map<String, Object> findings) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        DatabaseType type = DatabaseType.fromUrl(url);
        findings.put("server", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
        findings.put("driver", meta.getDriverName() + " " + meta.getDriverVersion());
        long[] micros = new long[pings];
        for (int i = 0; i < pings; i++) {
            long start = System.nanoTime();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        findings.put("round_trip_p50_ms", micros[(pings - 1) / 2] / 1000.0);
        findings.put("round_trip_p99_ms", micros[(int) Math.ceil(pings * 0.99) - 1] / 1000.0);
        long start = System.nanoTime();
        boolean valid = c.isValid(5);
        findings.put("validation", "Connection.isValid(): " + (valid ? "answered" : "FAILED") + " in "
                + (System.nanoTime() - start) / 1_000 / 1000.0 + " ms (set connectionTestQuery only for drivers whose"
                + " isValid is unreliable)");
        Dialect dialect = Dialect.forType(type);
        List<String> fatal = new ArrayList<>(List.of("SQLState class 08 and the JDBC lost-connection exceptions"));
        if (!dialect.fatalSqlStates().isEmpty()) {
            fatal.add("SQLStates " + new TreeSet<>(dialect.fatalSqlStates()));
        }
        if (!dialect.fatalErrorCodes().isEmpty()) {
            fatal.add("vendor codes " + new TreeSet<>(dialect.fatalErrorCodes()));
        }
        if (type == DatabaseType.SQLITE) {
            fatal.add("SQLite result codes I/O error, corrupt, cannot open, not a database");
        }
        findings.put("fatal_errors", type.name().toLowerCase() + ": " + String.join("; ", fatal));
        findings.put("tls", tls(c, type));
        findings.put("pooler", pooler(c, url, type));
        findings.put("advice", advice(c, type));
        if (type == DatabaseType.POSTGRESQL) {
            capacity(c, findings);
        } else if (fleet != null) {
            findings.put("fleet", "a fleet budget needs PostgreSQL");
        }
    }

    /** Who holds the server's connections, and what a fleet of {@code --fleet} instances would each get. */
    private void capacity(Connection c, Map<String, Object> findings) {
        try {
            int capacity = PostgresCapacity.capacity(c);
            Map<String, Integer> sessions = PostgresCapacity.sessionsByApplication(c);
            int inUse = sessions.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder who = new StringBuilder();
            sessions.forEach((app, n) -> who.append(who.length() == 0 ? "" : ", ")
                    .append(app.isEmpty() ? "(no application_name)" : app).append(": ").append(n));
            findings.put("capacity", capacity + " connections for this role; " + inUse + " in use (this check's"
                    + " own included): " + who);
            if (fleet != null) {
                String prefix = fleetName == null ? null : fleetName + "@";
                int others = sessions.entrySet().stream().filter(e -> prefix == null || !e.getKey().startsWith(prefix))
                        .mapToInt(Map.Entry::getValue).sum() - 1; // not this check's own session
                int share = PostgresCapacity.share(capacity, headroom, others, fleet, 1, Integer.MAX_VALUE);
                findings.put("fleet", "a fleet of " + fleet + " with fleet.headroom=" + headroom + " would hold " + share
                        + " each: (" + capacity + " - " + headroom + " - " + others + " outside the fleet) / " + fleet
                        + "; set maximumPoolSize to at least that, and fleet.name on every instance");
                findings.put("fleet_share", share);
            }
        } catch (SQLException | RuntimeException e) {
            findings.put("capacity", "could not read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static String tls(Connection c, DatabaseType type) {
        try {
            switch (type) {
                case SQLITE:
                    return "not applicable (an embedded database: no network)";
                case POSTGRESQL:
                    return queryText(c, "SELECT CASE WHEN ssl THEN 'on (' || version || ')' ELSE 'off' END"
                            + " FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
                case MARIADB:
                case MYSQL: {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
                        String cipher = rs.next() ? rs.getString(2) : "";
                        return cipher == null || cipher.isEmpty() ? "off" : "on (" + cipher + ")";
                    }
                }
                default:
                    return "unknown for this database";
            }
        } catch (SQLException e) {
            return "unknown (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /**
     * PostgreSQL: a transaction pooler shows as a backend pid that changes between two transactions of one
     * connection; any forwarder as a server port other than the one connected to.
     */
    private static String pooler(Connection c, String url, DatabaseType type) {
        if (type != DatabaseType.POSTGRESQL) {
            return type == DatabaseType.SQLITE ? "none (embedded)" : "not detectable for this database";
        }
        try {
            String first = queryText(c, "SELECT pg_backend_pid()");
            String second = queryText(c, "SELECT pg_backend_pid()");
            if (!first.equals(second)) {
                return "a transaction-mode pooler is in between (the server session changed between two statements):"
                        + " set poolerMode=TRANSACTION";
            }
            int serverPort = Integer.parseInt(queryText(c, "SELECT coalesce(inet_server_port(), 0)"));
            int urlPort = urlPort(url);
            if (serverPort != 0 && urlPort != 0 && serverPort != urlPort) {
                return "something forwards: you connected to port " + urlPort + ", the server listens on " + serverPort
                        + " (a pooler such as PgBouncer? in transaction mode set poolerMode=TRANSACTION)";
            }
            return "none seen";
        } catch (SQLException | RuntimeException e) {
            return "unknown (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
        }
    }

    private static int urlPort(String url) {
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            return uri.getPort() > 0 ? uri.getPort() : 5432;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private String advice(Connection c, DatabaseType type) {
        List<String> advice = new ArrayList<>();
        try {
            switch (type) {
                case POSTGRESQL: {
                    int max = Integer.parseInt(queryText(c, "SHOW max_connections"));
                    advice.add("max_connections is " + max + ": keep the sum of every instance's maximumPoolSize below it"
                            + " (this one would take " + database.poolSize + ")");
                    advice.add("set dataSource.socketTimeout (seconds) so a stalled network cannot hang a statement"
                            + " (docs/poolers.md)");
                    break;
                }
                case MARIADB:
                case MYSQL: {
                    int max = Integer.parseInt(queryText(c, "SELECT @@max_connections"));
                    int waitTimeout = Integer.parseInt(queryText(c, "SELECT @@wait_timeout"));
                    advice.add("max_connections is " + max + ": keep the sum of every instance's maximumPoolSize below it");
                    advice.add("wait_timeout is " + waitTimeout + " s: keep maxLifetime and idleTimeout below it");
                    advice.add("set dataSource.socketTimeout (milliseconds) so a stalled network cannot hang a statement");
                    break;
                }
                case SQLITE:
                    advice.add("SQLite takes one writer at a time: writers wait on each other whatever the pool size;"
                            + " an in-memory database is shared by the pool's connections");
                    break;
                default:
                    advice.add("no database-specific advice");
            }
        } catch (SQLException | RuntimeException e) {
            advice.add("could not read the server's settings: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return String.join("; ", advice);
    }

    private static String queryText(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "";
        }
    }

    private void print(Map<String, Object> findings) {
        if (json) {
            try {
                spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(findings));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            findings.forEach((key, value) -> spec.commandLine().getOut().println(key + ": " + value));
        }
        spec.commandLine().getOut().flush();
    }
}
