package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cistern load} on SQLite, in-process as the jar's main method runs it. */
class LoadCommandTest {
    private final CommandRun command = new CommandRun();

    private static JsonNode read(Path json) throws IOException {
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void theDefaultRunMeasuresTheBuiltInMixAndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
        long leftBefore = temporaryDatabases();
        Path json = dir.resolve("load.json");
        Path html = dir.resolve("load.html");
        assertThat(command.run("load", "--duration", "2s", "--warmup", "500ms", "--clients", "8",
                "--json", json.toString(), "--html", html.toString())).isZero();

        JsonNode report = read(json);
        assertThat(report.get("database").get("product").asText()).isEqualTo("SQLite");
        assertThat(report.get("workload").asText()).startsWith("built-in mix");
        assertThat(report.get("clients").asInt()).isEqualTo(8);
        assertThat(report.get("transactions").asLong()).isPositive();
        assertThat(report.get("throughput_per_s").asDouble()).isPositive();
        for (String figures : List.of("checkout_ms", "query_ms")) {
            JsonNode latency = report.get(figures);
            assertThat(latency.get("p50").asDouble()).isLessThanOrEqualTo(latency.get("p95").asDouble());
            assertThat(latency.get("p95").asDouble()).isLessThanOrEqualTo(latency.get("p99").asDouble());
            assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble() * 1.01);
        }
        assertThat(report.get("query_ms").get("max").asDouble()).isPositive();
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("timeouts").asLong()).isZero();
        JsonNode series = report.get("series");
        assertThat(series.size()).isBetween(2, 3);
        long inSeries = 0;
        for (JsonNode second : series) {
            inSeries += second.get("transactions").asLong();
            assertThat(second.get("active").asInt()).isBetween(0, 5);
        }
        assertThat(inSeries).as("the totals are the sum of the seconds").isEqualTo(report.get("transactions").asLong());
        assertThat(report.get("pool_stats").get("active").asInt()).as("every connection returned").isZero();
        long histogramCount = 0;
        for (JsonNode count : report.get("histogram").get("query")) {
            histogramCount += count.asLong();
        }
        assertThat(histogramCount).isEqualTo(report.get("transactions").asLong());

        String page = Files.readString(html);
        assertThat(page).contains("uPlot", "\"kind\":\"load\"").doesNotContainPattern("(src|href)=\"https?:");
        String out = command.out.toString();
        assertThat(out).contains("SQLite", "transactions", "checkout ms", "query ms", "errors       0");
        List<String> progress = command.err.toString().lines().filter(l -> l.contains("tx/s")).toList();
        assertThat(progress).as("one progress line a second when piped").hasSizeBetween(2, 3);
        assertThat(progress.get(0)).contains("checkout p50", "query p99", "pool active", "pending", "oldest wait");
        assertThat(temporaryDatabases()).as("the temporary database is deleted").isEqualTo(leftBefore);
    }

    @Test
    void aQueryAScriptAndARateLimit(@TempDir Path dir) throws Exception {
        assertThat(command.run("load", "--query", "SELECT 1", "--duration", "1s", "--warmup", "0", "--rate", "200/s",
                "--quiet", "--json", dir.resolve("q.json").toString())).isZero();
        JsonNode query = read(dir.resolve("q.json"));
        assertThat(query.get("workload").asText()).isEqualTo("--query (1 statement)");
        assertThat(query.get("transactions").asLong()).as("200/s for 1 s, and up to a second's worth of catching up")
                .isBetween(50L, 420L);
        assertThat(command.err.toString()).doesNotContain("tx/s");

        Path script = Files.writeString(dir.resolve("work.sql"), """
                -- a transaction of two statements
                CREATE TABLE IF NOT EXISTS t (n INTEGER);
                INSERT INTO t VALUES (1);
                SELECT count(*)
                  FROM t;
                """);
        assertThat(command.run("load", "--script", script.toString(), "--duration", "1s", "--warmup", "0",
                "--quiet", "--json", dir.resolve("s.json").toString())).isZero();
        JsonNode scripted = read(dir.resolve("s.json"));
        assertThat(scripted.get("workload").asText()).isEqualTo("--script work.sql (3 statements in one transaction)");
        assertThat(scripted.get("errors").asLong()).isZero();
        assertThat(scripted.get("transactions").asLong()).isPositive();
    }

    @Test
    void failuresAreCountedByKindAndAboveMaxErrorsTheExitCodeIsOne(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("errors.json");
        assertThat(command.run("load", "--query", "SELECT * FROM no_such_table", "--duration", "1s", "--warmup", "0",
                "--clients", "2", "--quiet", "--json", json.toString())).isEqualTo(1);
        JsonNode report = read(json);
        assertThat(report.get("errors").asLong()).isPositive();
        assertThat(report.get("timeouts").asLong()).isZero();
        assertThat(report.get("errors_by_kind").fieldNames().next()).startsWith("sql_error");
        assertThat(report.get("first_error_by_kind").elements().next().asText()).contains("no_such_table");
        assertThat(command.err.toString()).contains("transactions failed, more than --max-errors 0");

        CommandRun tolerant = new CommandRun();
        assertThat(tolerant.run("load", "--query", "SELECT * FROM no_such_table", "--duration", "1s", "--warmup", "0",
                "--clients", "2", "--quiet", "--max-errors", "1000000")).isZero();
    }

    @Test
    void checkoutTimeoutsAreCountedAsTimeouts(@TempDir Path dir) throws Exception {
        // Each query runs well over the 50 ms connection timeout and there is one connection for four clients.
        String slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000)"
                + " SELECT count(*) FROM c";
        Path json = dir.resolve("timeouts.json");
        assertThat(command.run("load", "--query", slow, "--pool-size", "1", "--clients", "4", "--timeout", "50ms",
                "--duration", "2s", "--warmup", "0", "--quiet", "--max-errors", "100000", "--json", json.toString()))
                .isZero();
        JsonNode report = read(json);
        assertThat(report.get("timeouts").asLong()).isPositive();
        assertThat(report.get("errors_by_kind").get("checkout_timeout").asLong())
                .isEqualTo(report.get("timeouts").asLong());
    }

    @Test
    void virtualClientsOnJava21AndLaterAndAClearErrorBefore() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertThat(command.run("load", "--virtual", "--duration", "1s")).isEqualTo(2);
            assertThat(command.err.toString()).contains("--virtual needs Java 21 or later; this is Java 17");
            return;
        }
        assertThat(command.run("load", "--virtual", "--clients", "2000", "--duration", "1s", "--warmup", "0",
                "--quiet")).isZero();
        assertThat(command.out.toString()).contains("2,000 virtual clients", "errors       0");
    }

    @Test
    void badInputIsAOneLineErrorNamingTheOption(@TempDir Path dir) throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xE9, '\''});
        Path onlyComments = Files.writeString(dir.resolve("empty.sql"), "-- nothing here\n");
        String[][] cases = {
            {"--clients", "0"}, {"--clients", "6000"}, {"--duration", "0"}, {"--duration", "soon"},
            {"--warmup", "-1"}, {"--rate", "0"}, {"--rate", "fast"}, {"--timeout", "0"}, {"--max-errors", "-1"},
            {"--query", "SELECT 1", "--script", onlyComments.toString()}, {"--query", " "},
            {"--script", dir.resolve("missing.sql").toString()}, {"--script", latin1.toString()},
            {"--script", onlyComments.toString()}, {"--json", dir.resolve("no/such/dir/x.json").toString()},
            {"--html", dir.resolve("no/such/dir/x.html").toString()}, {"--db", "jdbc:bogus://x"},
            {"--pool-size", "0"},
        };
        String[] expected = {
            "--clients must be between 1 and 5000 (100000 with --virtual); was 0",
            "--clients must be between 1 and 5000 (100000 with --virtual); was 6000",
            "--duration must be at least 1s; was 0", "--duration must be a duration such as 30 (seconds)",
            "--warmup must be a duration", "--rate must be transactions a second, greater than 0",
            "--rate must be transactions a second", "--timeout must be greater than 0; was 0",
            "--max-errors must be 0 or more; was -1", "--query and --script cannot be used together",
            "--query is empty", "--script file not found or not readable", "cannot be read as UTF-8 text",
            "holds no SQL statement", "--json directory does not exist", "--html directory does not exist",
            "--db: no JDBC driver here accepts 'jdbc:bogus://x'", "--pool-size must be between 1 and 10000; was 0",
        };
        for (int i = 0; i < cases.length; i++) {
            CommandRun bad = new CommandRun();
            Stream<String> duration = List.of(cases[i]).contains("--duration") ? Stream.of() : Stream.of("--duration", "1s");
            String[] args = Stream.of(Stream.of("load"), duration, Stream.of(cases[i])).flatMap(s -> s)
                    .toArray(String[]::new);
            assertThat(bad.run(args)).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(bad.err.toString()).as(String.join(" ", cases[i])).contains(expected[i]);
            assertThat(bad.err.toString().lines().count()).as("one line").isEqualTo(1);
            assertThat(bad.out.toString()).isEmpty();
        }
    }

    private static long temporaryDatabases() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("cistern-load-")).count();
        }
    }
}
