package dev.cistern.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cistern simulate}: a small end-to-end run of the pool against a real database. It stores labels
 * in an {@code events} table on one borrowed connection, reads them back, runs a health check on a second
 * borrow (which the pool serves with the connection it already has), closes the pool and prints a JSON
 * summary with the pool's statistics.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = CisternVersion.class,
        description = "Insert labels into an events table through a Cistern pool, read them back, health-check,"
                + " and print a JSON summary.")
final class SimulateCommand implements Callable<Integer> {
    static final String SAMPLE_INPUT = "data/sample_input.txt";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Labels, one a line, UTF-8; blank lines are skipped; - reads standard input"
                    + " (default: a bundled sample of 7 labels).")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the JSON summary to this file.")
    Path output;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30",
            description = "connectionTimeout, greater than 0: seconds (30, 1.5) or with a unit (500ms, 2s, 1m)"
                    + " (default: ${DEFAULT-VALUE} seconds).")
    String timeout;

    private Duration connectionTimeout;

    @Option(names = "--verbose", description = "Log the pool's activity to stderr and show stack traces.")
    boolean verbose;

    @Override
    public Integer call() throws SQLException, IOException {
        validate();
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("cistern.verbose", "true");
        }
        List<String> labels = readLabels();
        PoolConfig config = database.pool("simulate")
                .connectionTimeout(connectionTimeout)
                .build();
        Map<String, Object> summary = new LinkedHashMap<>();
        try (CisternDataSource dataSource = new CisternDataSource(config)) {
            // Open the whole pool first, as a service would before taking traffic: the run then sees a
            // settled pool, and one thread's borrows keep landing on the same connection.
            dataSource.warmUp();
            List<Map<String, Object>> rows = storeAndReadBack(dataSource, labels);
            summary.put("rows_inserted", labels.size());
            summary.put("rows", rows);
            summary.put("health", healthCheck(dataSource));
            // Taken before close, while the numbers still describe the run (after close all are retired).
            summary.put("pool_stats", dataSource.stats().toMap());
        }
        String json = toJson(summary);
        if (output != null) {
            try {
                Files.writeString(output, json + System.lineSeparator(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot write --output " + output + ": " + e.getMessage(), e);
            }
        }
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void validate() {
        database.validate(spec.commandLine());
        try {
            connectionTimeout = DurationArgument.parse("--timeout", timeout, Duration.ofMillis(1));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (input != null && !readsStandardInput() && (!Files.isRegularFile(input) || !Files.isReadable(input))) {
            throw usage("--input file not found or not readable: " + input);
        }
        if (output != null) {
            Path directory = output.toAbsolutePath().getParent();
            if (directory != null && !Files.isDirectory(directory)) {
                throw usage("--output directory does not exist: " + directory);
            }
        }
    }

    private boolean readsStandardInput() {
        return input != null && input.toString().equals("-");
    }

    private List<String> readLabels() throws IOException {
        List<String> lines;
        if (input != null) {
            String name = readsStandardInput() ? "(standard input)" : input.toString();
            lines = utf8Lines(readsStandardInput() ? System.in.readAllBytes() : Files.readAllBytes(input), name);
        } else {
            try (InputStream sample = SimulateCommand.class.getClassLoader().getResourceAsStream(SAMPLE_INPUT)) {
                if (sample == null) {
                    throw new IOException("bundled " + SAMPLE_INPUT + " is missing from the jar");
                }
                lines = new String(sample.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        }
        List<String> labels = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.indexOf('\0') >= 0) {
                throw usage("--input line " + (n + 1) + " holds a NUL character, which databases do not store in text");
            }
            String label = line.strip();
            if (!label.isEmpty()) {
                labels.add(label);
            }
        }
        if (labels.isEmpty()) {
            throw usage("--input has no labels (every line is blank): " + input);
        }
        return labels;
    }

    /** The text's lines; bytes that are not UTF-8 are bad input, named with the line they are on. */
    private List<String> utf8Lines(byte[] bytes, String name) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw usage("--input " + name + " is not UTF-8 text (line " + line + "); convert it, e.g. with iconv");
        }
        out.flip();
        return out.toString().lines().toList();
    }

    /** One borrowed connection: (re)create the table, insert every label in one transaction, read back. */
    private static List<Map<String, Object>> storeAndReadBack(CisternDataSource dataSource, List<String> labels)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS events");
                statement.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events (id, label) VALUES (?, ?)")) {
                for (int i = 0; i < labels.size(); i++) {
                    insert.setInt(1, i + 1); // explicit ids: auto-increment syntax differs between databases
                    insert.setString(2, labels.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet resultSet = statement.executeQuery("SELECT id, label FROM events ORDER BY id")) {
                while (resultSet.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", resultSet.getLong(1));
                    row.put("label", resultSet.getString(2));
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /**
     * A second borrow (the pool should hand back the connection it already has): the seed's health object,
     * {@code {"status": "healthy", "sqlite_version": "3.x.y"}} on SQLite, {@code database_product} and
     * {@code database_version} elsewhere; {@code "unhealthy"} with the {@code error} when the check fails.
     */
    private static Map<String, Object> healthCheck(CisternDataSource dataSource) {
        long reusedBefore = dataSource.stats().reused();
        Map<String, Object> health = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            boolean sqlite = metaData.getDatabaseProductName().equalsIgnoreCase("SQLite");
            String version = null;
            try (Statement statement = connection.createStatement();
                 ResultSet resultSet = statement.executeQuery(sqlite ? "SELECT sqlite_version()" : "SELECT 1")) {
                if (resultSet.next()) {
                    version = resultSet.getString(1);
                }
            }
            health.put("status", version != null ? "healthy" : "unhealthy");
            if (sqlite) {
                health.put("sqlite_version", version);
            } else {
                health.put("database_product", metaData.getDatabaseProductName());
                health.put("database_version", metaData.getDatabaseProductVersion());
            }
        } catch (SQLException e) {
            health.put("status", "unhealthy");
            health.put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        health.put("reused_connection", dataSource.stats().reused() > reusedBefore);
        return health;
    }

    private static String toJson(Map<String, Object> summary) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
