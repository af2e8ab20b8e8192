package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cistern size}: a measured sweep on SQLite, and the model from statistics files. */
class SizeCommandTest {
    private final CommandRun command = new CommandRun();

    @Test
    void aSweepMeasuresEachSizeAndRecommendsOneOfThem(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("size.json");
        Path html = dir.resolve("size.html");
        assertThat(command.run("size", "--sizes", "4,1,2", "--duration", "1s", "--warmup", "200ms", "--clients", "6",
                "--json", json.toString(), "--html", html.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode point : report.get("points")) {
            sizes.add(point.get("size").asInt());
            assertThat(point.get("throughput_per_s").asDouble()).isPositive();
            assertThat(point.get("p99_ms").asDouble()).isPositive();
            assertThat(point.get("errors").asLong()).isZero();
        }
        assertThat(sizes).as("sorted").containsExactly(1, 2, 4);
        assertThat(report.get("recommended_pool_size").asInt()).isIn(1, 2, 4);
        assertThat(report.get("rule_of_thumb").get("size").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors() * 2 + 1);
        assertThat(report.get("reasoning").toString()).contains("best throughput", "knee", "cores × 2 + spindles");
        assertThat(Files.readString(html)).contains("\"kind\":\"size\"", "uPlot");
        String out = command.out.toString();
        assertThat(out).contains("<- recommended", "recommended pool size: " + report.get("recommended_pool_size"));
        assertThat(command.err.toString()).contains("size   1:", "size   4:");
    }

    @Test
    void fromStatsUsesLittlesLawAndErlangC(@TempDir Path dir) throws Exception {
        // 800 borrows a second held 10 ms each: 8 connections busy on average.
        Path stats = Files.writeString(dir.resolve("stats.json"), """
                {"time_ms": 1, "pools": [{"name": "orders", "stats": {"borrows_per_second": 800.0,
                  "recent_use_mean_ms": 10.0, "use_mean_ms": 50.0, "recent_wait_p99_ms": 2.5,
                  "maximum_pool_size": 10}}]}
                """);
        Path json = dir.resolve("model.json");
        assertThat(command.run("size", "--from-stats", stats.toString(), "--target-wait", "1ms",
                "--db-cores", "4", "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        int recommended = report.get("recommended_pool_size").asInt();
        assertThat(recommended).isEqualTo(SizeAdvisor.smallestSizeFor(8, 10, 1));
        assertThat(report.get("inputs").get("pool").asText()).isEqualTo("orders");
        assertThat(report.get("inputs").get("use_mean_ms").asDouble()).as("the recent figure").isEqualTo(10.0);
        assertThat(report.get("rule_of_thumb").get("size").asInt()).isEqualTo(9);
        assertThat(report.get("reasoning").get(0).asText()).contains("800.0/s × 10.000 ms = 8.00");
        assertThat(report.get("points").get(0).get("size").asInt()).isEqualTo(9);
        assertThat(report.get("points").get(0).get("throughput_per_s").asDouble()).as("all 800/s served").isEqualTo(800.0);
        assertThat(report.toString()).contains("measured p99 wait 2.500 ms at size 10");
    }

    @Test
    void aLoadReportGivesItsOwnFiguresAndOneConnectionIsNeverRecommended(@TempDir Path dir) throws Exception {
        // The pool's statistics include the warm-up's long waits; the load's figures leave them out.
        Path load = Files.writeString(dir.resolve("load.json"), """
                {"kind": "load", "pool_size": 4, "throughput_per_s": 1000.0,
                 "checkout_ms": {"p99": 0.01}, "query_ms": {"mean": 0.1},
                 "pool_stats": {"borrows_per_second": 900.0, "use_mean_ms": 0.3, "wait_p99_ms": 57.0}}
                """);
        Path json = dir.resolve("model.json");
        assertThat(command.run("size", "--from-stats", load.toString(), "--json", json.toString())).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("inputs").get("borrows_per_second").asDouble()).isEqualTo(1000.0);
        assertThat(report.get("inputs").get("use_mean_ms").asDouble()).isEqualTo(0.1);
        assertThat(report.get("inputs").get("wait_p99_ms").asDouble()).isEqualTo(0.01);
        assertThat(SizeAdvisor.smallestSizeFor(0.1, 0.1, 1)).as("the model alone says one").isEqualTo(1);
        assertThat(report.get("recommended_pool_size").asInt()).isEqualTo(2);
        assertThat(report.get("reasoning").toString()).contains("recommended 2, not 1");
    }

    @Test
    void aFileWithSeveralPoolsNeedsPool(@TempDir Path dir) throws Exception {
        Path stats = Files.writeString(dir.resolve("two.json"), """
                {"pools": [{"name": "a", "stats": {"borrows_per_second": 10, "use_mean_ms": 1}},
                           {"name": "b", "stats": {"borrows_per_second": 500, "use_mean_ms": 4}}]}
                """);
        assertThat(command.run("size", "--from-stats", stats.toString())).isEqualTo(2);
        assertThat(command.err.toString()).contains("has 2 pools [a, b]; choose one with --pool");
        CommandRun chosen = new CommandRun();
        assertThat(chosen.run("size", "--from-stats", stats.toString(), "--pool", "b")).isZero();
        assertThat(chosen.out.toString()).contains("pool b", "500.0/s × 4.000 ms = 2.00");
    }

    @Test
    void badInputIsAOneLineErrorNamingTheOption(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("x.json"), "borrows_per_second: 3");
        Path noStats = Files.writeString(dir.resolve("none.json"), "{\"pools\": []}");
        Path noLatency = Files.writeString(dir.resolve("nolat.json"), "{\"borrows_per_second\": 3}");
        Path idle = Files.writeString(dir.resolve("idle.json"), "{\"borrows_per_second\": 0, \"use_mean_ms\": 0}");
        String[][] cases = {
            {"--sizes", "1,x"}, {"--sizes", "0,2"}, {"--sizes", ""}, {"--tolerance", "80"}, {"--pool-size", "4"},
            {"--from-stats", dir.resolve("missing.json").toString()}, {"--from-stats", notJson.toString()},
            {"--from-stats", noStats.toString()}, {"--from-stats", noLatency.toString()},
            {"--from-stats", idle.toString()}, {"--from-stats", noLatency.toString(), "--target-wait", "soon"},
            {"--db-cores", "0"}, {"--spindles", "-1"}, {"--from-stats", noLatency.toString(), "--pool", "zz"},
        };
        String[] expected = {
            "--sizes must be pool sizes from 1 to 10000", "--sizes must be pool sizes from 1 to 10000",
            "--sizes must be pool sizes", "--tolerance must be between 0 and 50", "--pool-size does not apply to size",
            "--from-stats file not found or not readable", "is not JSON", "holds no pool statistics",
            "has no use time: the pool must record latency", "the pool lent nothing in its recent span",
            "--target-wait must be a duration", "--db-cores must be between 1 and 10000; was 0",
            "--spindles must be between 0 and 1000; was -1", "--pool zz is not in",
        };
        for (int i = 0; i < cases.length; i++) {
            CommandRun bad = new CommandRun();
            List<String> args = new ArrayList<>(List.of("size", "--duration", "1s"));
            args.addAll(List.of(cases[i]));
            assertThat(bad.run(args.toArray(String[]::new))).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(bad.err.toString()).as(String.join(" ", cases[i])).contains(expected[i]);
            assertThat(bad.err.toString().lines().count()).as("one line").isEqualTo(1);
        }
    }
}
