package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cistern simulate} run in-process, as the jar's main method runs it. */
class SimulateCommandTest {
    private final CommandRun command = new CommandRun();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void defaultRunStoresTheSevenSampleLabelsAndReportsAReusedHealthCheck() throws Exception {
        assertThat(run("simulate")).isZero();
        JsonNode summary = json();
        assertThat(summary.get("rows_inserted").asInt()).isEqualTo(7);
        assertThat(summary.get("rows")).hasSize(7);
        assertThat(summary.get("rows").get(0).get("id").asInt()).isEqualTo(1);
        assertThat(summary.get("rows").get(0).get("label").asText()).isEqualTo("alpha");
        JsonNode health = summary.get("health");
        assertThat(health.get("status").asText()).as("the seed's health object").isEqualTo("healthy");
        assertThat(health.get("sqlite_version").asText()).matches("3\\.\\d+\\.\\d+");
        assertThat(health.fieldNames().next()).isEqualTo("status");
        assertThat(health.get("reused_connection").asBoolean()).isTrue();
        JsonNode stats = summary.get("pool_stats");
        assertThat(stats.get("maximum_pool_size").asInt()).isEqualTo(5);
        assertThat(stats.get("created").asInt()).isBetween(1, 5);
        assertThat(stats.get("reused").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("peak_active").asInt()).isEqualTo(1);
        assertThat(stats.get("active").asInt()).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void readsLabelsSkippingBlankLinesAndWritesTheOutputFile(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("labels.txt"), "first\n\n   \n  second  \nthird\n");
        Path output = dir.resolve("summary.json");
        assertThat(run("simulate", "--input", input.toString(), "--output", output.toString(), "--pool-size", "2")).isZero();
        JsonNode summary = json();
        assertThat(summary.get("rows_inserted").asInt()).isEqualTo(3);
        assertThat(summary.get("rows").get(1).get("label").asText()).isEqualTo("second");
        assertThat(new ObjectMapper().readTree(output.toFile())).isEqualTo(summary);
    }

    @Test
    void worksOnAFileDatabaseAndReplacesAnOldTable(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("events.db");
        assertThat(run("simulate", "--db", url)).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--db", url)).isZero();
        assertThat(json().get("rows_inserted").asInt()).isEqualTo(7);
        assertThat(json().get("rows")).hasSize(7);
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n");
        String[][] cases = {
            {"--pool-size", "0"},
            {"--pool-size", "-3"},
            {"--timeout", "0"},
            {"--input", dir.resolve("missing.txt").toString()},
            {"--input", blank.toString()},
            {"--no-such-option"},
            {"--db", "postgres://x"},
        };
        String[] expected = {"--pool-size must be between 1 and 10000; was 0", "--pool-size must be between 1 and 10000; was -3",
            "--timeout must be greater than 0; was 0", "--input file not found or not readable",
            "--input has no labels", "Unknown option: '--no-such-option'", "--db must be a JDBC URL"};
        for (int i = 0; i < cases.length; i++) {
            err.getBuffer().setLength(0);
            String[] args = new String[cases[i].length + 1];
            args[0] = "simulate";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).startsWith("cistern: ").contains(expected[i]);
            assertThat(err.toString().strip().lines().count()).as("one line").isEqualTo(1);
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unreachableDatabaseFailsWithExitCodeOneAfterRetries() {
        assertThat(run("simulate", "--db", "jdbc:sqlite:/nonexistent/dir/db.sqlite")).isEqualTo(1);
        assertThat(err.toString()).startsWith("cistern: simulate - could not open a connection to jdbc:sqlite:/nonexistent/dir/db.sqlite (4 attempts in ");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aUrlNoDriverTakesIsBadInputAtOnceWithThePasswordMasked() {
        long start = System.nanoTime();
        assertThat(run("simulate", "--db", "jdbc:nosuchdb://h/app?user=a&password=hunter22")).isEqualTo(2);
        assertThat(err.toString()).contains("--db: no JDBC driver here accepts 'jdbc:nosuchdb://h/app?user=a&password=****'")
                .doesNotContain("hunter22").doesNotContain("attempts");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("no retries").isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void everyCommandPrintsItsVersion() {
        assertThat(run("simulate", "-V")).isZero();
        assertThat(out.toString()).startsWith("cistern 0.1.0");
        out.getBuffer().setLength(0);
        assertThat(run("dashboard", "--version")).isZero();
        assertThat(out.toString()).startsWith("cistern 0.1.0");
    }

    @Test
    void timeoutsTakeUnitsAndFractions() {
        for (String timeout : new String[] {"500ms", "2s", "1.5", "30"}) {
            out.getBuffer().setLength(0);
            assertThat(run("simulate", "--timeout", timeout)).as(timeout).isZero();
        }
        assertThat(run("simulate", "--timeout", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be a duration such as 30 (seconds), 1.5, 500ms or 2s; was 'fast'");
    }

    @Test
    void labelsComeFromStandardInputWithADash() throws Exception {
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream("from\nstdin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            assertThat(run("simulate", "--input", "-")).isZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(json().get("rows").get(1).get("label").asText()).isEqualTo("stdin");
    }

    @Test
    void unreadableTextAndUnwritableOutputAreBadInputNamedAtOnce(@TempDir Path dir) throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThat(run("simulate", "--input", latin1.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--input " + latin1 + " is not UTF-8 text (line 1)");
        err.getBuffer().setLength(0);
        Path nul = Files.write(dir.resolve("nul.txt"), new byte[] {'o', 'k', '\n', 'a', 0, 'b', '\n'});
        assertThat(run("simulate", "--input", nul.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--input line 2 holds a NUL character, which databases do not store in text");
        err.getBuffer().setLength(0);
        assertThat(run("simulate", "--output", dir.resolve("no/such/dir/out.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--output directory does not exist: " + dir.resolve("no/such/dir"));
        assertThat(out.toString()).as("nothing was run").isEmpty();
    }

    @Test
    void mysqlUrlsAreServedByTheBundledMariaDbDriver() throws Exception {
        DatabaseOptions options = new DatabaseOptions();
        options.jdbcUrl = "jdbc:mysql://db.internal:3306/shop";
        options.poolSize = 1;
        String url = options.pool("x").build().jdbcUrl();
        assertThat(url).isEqualTo("jdbc:mysql://db.internal:3306/shop?permitMysqlScheme");
        assertThat(java.sql.DriverManager.getDriver(url).getClass().getName()).isEqualTo("org.mariadb.jdbc.Driver");
        options.jdbcUrl = "jdbc:mysql://db.internal/shop?useSSL=true";
        assertThat(options.pool("x").build().jdbcUrl()).isEqualTo("jdbc:mysql://db.internal/shop?useSSL=true&permitMysqlScheme");
    }

    @Test
    void helpIsAvailableForEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("simulate");
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--help")).isZero();
        assertThat(out.toString()).contains("--pool-size", "--timeout", "--input", "--output", "--db");
    }
}
