package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cistern check} on SQLite, in text and JSON, and its bad and unreachable inputs. */
class CheckCommandTest {
    private final CommandRun command = new CommandRun();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    private int run(String... args) {
        return command.run(args);
    }

    @Test
    void reportsOneFindingALine(@TempDir Path dir) {
        assertThat(run("check", "--db", "jdbc:sqlite:" + dir.resolve("c.db"))).isZero();
        String text = out.toString();
        assertThat(text).contains("status: reachable", "server: SQLite 3.", "round_trip_p50_ms: ", "round_trip_p99_ms: ",
                "validation: Connection.isValid(): answered", "fatal_errors: sqlite: SQLState class 08",
                "tls: not applicable", "pooler: none (embedded)", "advice: SQLite takes one writer at a time");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).matches("[a-z_0-9]+: .+"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonHoldsTheSameFindings() throws Exception {
        assertThat(run("check", "--json", "--pings", "5")).isZero();
        JsonNode findings = new ObjectMapper().readTree(out.toString());
        assertThat(findings.get("status").asText()).isEqualTo("reachable");
        assertThat(findings.get("round_trip_p50_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(findings.get("round_trip_p99_ms").asDouble()).isGreaterThanOrEqualTo(findings.get("round_trip_p50_ms").asDouble());
        assertThat(findings.get("database").asText()).isEqualTo("jdbc:sqlite::memory:");
    }

    @Test
    void unreachableIsExitOneAndBadInputExitTwo() throws Exception {
        assertThat(run("check", "--json", "--db", "jdbc:sqlite:/nonexistent/dir/x.db")).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(out.toString());
        assertThat(findings.get("status").asText()).isEqualTo("unreachable");
        assertThat(findings.get("error").asText()).isNotBlank();
        out.getBuffer().setLength(0);
        assertThat(run("check", "--pings", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("cistern: --pings must be between 1 and 10000; was 0");
        err.getBuffer().setLength(0);
        assertThat(run("check", "--db", "jdbc:bogus://x?password=s3cret")).isEqualTo(2);
        assertThat(err.toString()).contains("no JDBC driver here accepts").doesNotContain("s3cret");
        assertThat(out.toString()).isEmpty();
        err.getBuffer().setLength(0);
        assertThat(run("check", "--fleet", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("cistern: --fleet must be between 1 and 10000; was 0");
        err.getBuffer().setLength(0);
        assertThat(run("check", "--fleet", "3", "--headroom", "-1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("cistern: --headroom must be 0 or more; was -1");
        err.getBuffer().setLength(0);
        assertThat(run("check", "--fleet-name", "orders")).isEqualTo(2);
        assertThat(err.toString()).startsWith("cistern: --fleet-name goes with --fleet N");
    }

    @Test
    void aFleetNeedsPostgresql(@TempDir Path dir) throws Exception {
        assertThat(run("check", "--json", "--fleet", "3", "--db", "jdbc:sqlite:" + dir.resolve("f.db"))).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("fleet").asText())
                .isEqualTo("a fleet budget needs PostgreSQL");
    }
}
