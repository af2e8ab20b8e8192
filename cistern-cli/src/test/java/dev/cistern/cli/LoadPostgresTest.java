package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cistern.testkit.db.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cistern load} and {@code cistern size} against a real PostgreSQL: a thousand clients (virtual threads
 * where the JDK has them) with no error, a size recommendation from the load's own statistics, and nothing left
 * behind on the server. The 30-second runs at 1,000 and 10,000 clients are in docs/benchmarks.md.
 */
@Tag("integration")
class LoadPostgresTest {

    @Test
    void aThousandClientsRunWithoutErrorAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            Path json = dir.resolve("pg.json");
            List<String> args = new ArrayList<>(List.of("load", "--db", server.jdbcUrl(), "--user", "postgres",
                    "--clients", "1000", "--pool-size", "8", "--rate", "2000/s", "--duration", "5s", "--warmup", "2s",
                    "--quiet", "--json", json.toString()));
            if (ClientThreads.virtualAvailable()) {
                args.add("--virtual");
            }
            CommandRun command = new CommandRun();
            assertThat(command.run(args.toArray(String[]::new))).as(command.err.toString()).isZero();
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            assertThat(report.get("database").get("product").asText()).isEqualTo("PostgreSQL");
            assertThat(report.get("errors").asLong()).isZero();
            assertThat(report.get("transactions").asLong()).as("2,000/s for 5 s, loosely").isBetween(4_000L, 12_000L);
            assertThat(report.get("pool_stats").get("maximum_pool_size").asInt()).isEqualTo(8);

            CommandRun size = new CommandRun();
            assertThat(size.run("size", "--from-stats", json.toString())).isZero();
            assertThat(size.out.toString()).contains("pool load", "Little's law", "recommended pool size: ");

            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", null);
                 ResultSet rows = connection.createStatement().executeQuery("SELECT to_regclass('cistern_load') IS NULL,"
                         + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                         + " AND pid <> pg_backend_pid())")) {
                rows.next();
                assertThat(rows.getBoolean(1)).as("the built-in table is dropped").isTrue();
                assertThat(rows.getInt(2)).as("no session left").isZero();
            }
        }
    }

    /** {@code size --fleet N}: the advice is at most each instance's share of the server. */
    @Test
    void sizeForAFleetIsAtMostEachInstancesShare(@TempDir Path dir) throws Exception {
        try (PostgresServer server = PostgresServer.startWith("max_connections=20", "superuser_reserved_connections=3")) {
            Path json = dir.resolve("size.json");
            CommandRun size = new CommandRun();
            assertThat(size.run("size", "--db", server.jdbcUrl(), "--user", "postgres", "--sizes", "1,8", "--duration",
                    "1s", "--warmup", "200ms", "--clients", "8", "--fleet", "4", "--quiet", "--json", json.toString()))
                    .as(size.err.toString()).isZero();
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            JsonNode fleet = report.get("fleet");
            assertThat(fleet.get("capacity").asInt()).isEqualTo(17);
            int share = (17 - 2 - fleet.get("others").asInt()) / 4;
            assertThat(fleet.get("share").asInt()).isEqualTo(Math.max(1, share));
            assertThat(report.get("recommended_pool_size").asInt()).isLessThanOrEqualTo(fleet.get("share").asInt());
            assertThat(report.get("reasoning").toString()).contains("a fleet of 4 with fleet.headroom=2 holds at most");

            CommandRun bad = new CommandRun();
            assertThat(bad.run("size", "--from-stats", json.toString(), "--fleet", "4")).isEqualTo(2);
            assertThat(bad.err.toString()).contains("--fleet reads the server's capacity: it goes with --db");
        }
    }
}
