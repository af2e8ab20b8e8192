package dev.cistern.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** What one load client does with a borrowed connection, once per transaction. */
abstract class Workload {
    /** {@return how the reports describe it} */
    abstract String describe();

    /** Prepares the database once before the run (the built-in mix creates its table). */
    void setUp(Connection connection) throws SQLException {
    }

    /** One transaction on a borrowed connection. */
    abstract void run(Connection connection, SplittableRandom random) throws SQLException;

    /** Cleans up once after the run. */
    void tearDown(Connection connection) throws SQLException {
    }

    /** The built-in mix, or the user's statements. */
    static Workload of(String query, Path script) throws IOException {
        if (query != null) {
            return new Statements("--query", List.of(query.strip()));
        }
        if (script != null) {
            return new Statements("--script " + script.getFileName(), statementsOf(script));
        }
        return new BuiltInMix();
    }

    /** A script's statements: separated by a ';' that ends a line; lines starting with '--' are comments. */
    static List<String> statementsOf(Path script) throws IOException {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                addStatement(statements, current);
            }
        }
        addStatement(statements, current);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("--script " + script + " holds no SQL statement");
        }
        return statements;
    }

    private static void addStatement(List<String> statements, StringBuilder text) {
        String statement = text.toString().strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        text.setLength(0);
    }

    /**
     * Point reads and updates on a small table the run creates and drops: 80 % {@code SELECT} by primary key,
     * 20 % {@code UPDATE} of one row, each in its own autocommit transaction. Plain SQL, so SQLite, PostgreSQL
     * and MariaDB/MySQL all run it.
     */
    static final class BuiltInMix extends Workload {
        static final String TABLE = "cistern_load";
        static final int ROWS = 1_000;

        @Override
        String describe() {
            return "built-in mix: 80% point reads, 20% single-row updates on " + TABLE + " (" + ROWS + " rows)";
        }

        @Override
        void setUp(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + TABLE);
                statement.execute("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL,"
                        + " note VARCHAR(40))");
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (id, balance, note) VALUES (?, ?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setLong(2, 0);
                    insert.setString(3, "account " + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }

        @Override
        void run(Connection connection, SplittableRandom random) throws SQLException {
            int id = 1 + random.nextInt(ROWS);
            if (random.nextInt(100) < 80) {
                try (PreparedStatement read = connection.prepareStatement(
                        "SELECT balance, note FROM " + TABLE + " WHERE id = ?")) {
                    read.setInt(1, id);
                    try (ResultSet row = read.executeQuery()) {
                        row.next();
                    }
                }
            } else {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + TABLE + " SET balance = balance + ? WHERE id = ?")) {
                    update.setLong(1, 1 + random.nextInt(100));
                    update.setInt(2, id);
                    update.executeUpdate();
                }
            }
        }

        @Override
        void tearDown(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    /** The user's statements, run in order; in one transaction when there are several. */
    static final class Statements extends Workload {
        private final String source;
        private final List<String> sql;

        Statements(String source, List<String> sql) {
            this.source = source;
            this.sql = List.copyOf(sql);
        }

        @Override
        String describe() {
            return source + " (" + sql.size() + (sql.size() == 1 ? " statement)" : " statements in one transaction)");
        }

        @Override
        void run(Connection connection, SplittableRandom random) throws SQLException {
            boolean transaction = sql.size() > 1;
            if (transaction) {
                connection.setAutoCommit(false);
            }
            try (Statement statement = connection.createStatement()) {
                for (String one : sql) {
                    if (statement.execute(one)) {
                        try (ResultSet rows = statement.getResultSet()) {
                            while (rows.next()) {
                                // read every row, as an application would
                            }
                        }
                    }
                }
                if (transaction) {
                    connection.commit();
                }
            } catch (SQLException e) {
                if (transaction) {
                    connection.rollback();
                }
                throw e;
            } finally {
                if (transaction) {
                    connection.setAutoCommit(true);
                }
            }
        }
    }
}
