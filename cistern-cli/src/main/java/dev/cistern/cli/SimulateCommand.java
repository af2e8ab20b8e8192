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
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Insert labels into an events table through a Cistern pool, read them back, health-check,"
                + " and print a JSON summary.")
final class SimulateCommand implements Callable<Integer> {
    static final String SAMPLE_INPUT = "data/sample_input.txt";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Labels, one a line; blank lines are skipped (default: a bundled sample of 7 labels).")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the JSON summary to this file.")
    Path output;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "connectionTimeout in seconds, greater than 0 (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

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
                .connectionTimeout(Duration.ofSeconds(timeoutSeconds))
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
        if (timeoutSeconds <= 0) {
            throw usage("--timeout must be greater than 0 seconds; was " + timeoutSeconds);
        }
        if (input != null && (!Files.isRegularFile(input) || !Files.isReadable(input))) {
            throw usage("--input file not found or not readable: " + input);
        }
    }

    private List<String> readLabels() throws IOException {
        List<String> lines;
        if (input != null) {
            lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        } else {
            try (InputStream sample = SimulateCommand.class.getClassLoader().getResourceAsStream(SAMPLE_INPUT)) {
                if (sample == null) {
                    throw new IOException("bundled " + SAMPLE_INPUT + " is missing from the jar");
                }
                lines = new String(sample.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        }
        List<String> labels = new ArrayList<>();
        for (String line : lines) {
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

    /** A second borrow: the pool should hand back the connection it already has rather than open one. */
    private static Map<String, Object> healthCheck(CisternDataSource dataSource) throws SQLException {
        long reusedBefore = dataSource.stats().reused();
        Map<String, Object> health = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            boolean answered;
            try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery("SELECT 1")) {
                answered = resultSet.next() && resultSet.getInt(1) == 1;
            }
            DatabaseMetaData metaData = connection.getMetaData();
            health.put("status", answered ? "UP" : "DOWN");
            health.put("database_product", metaData.getDatabaseProductName());
            health.put("database_version", metaData.getDatabaseProductVersion());
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
