package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cistern dashboard} run in-process on the embedded SQLite database, with a light load. */
class DashboardCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine() {
        CommandLine commandLine = CisternCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    @Test
    void servesTheDashboardOfALoadedPoolOnAFreshMachine() throws Exception {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> commandLine().execute(
                "dashboard", "--db", "jdbc:sqlite::memory:", "--port", "0", "--load", "3", "--pool-size", "2",
                "--duration", "4"));
        Pattern url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");
        await().atMost(20, TimeUnit.SECONDS).until(() -> url.matcher(out.toString()).find());
        Matcher found = url.matcher(out.toString());
        assertThat(found.find()).isTrue();
        URI base = URI.create(found.group(1));
        assertThat(out.toString()).contains("3 clients running").contains("Ctrl+C");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(base.resolve("/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode pool = new ObjectMapper().readTree(stats.body()).get("pools").get(0);
            assertThat(pool.get("stats").get("borrows").asLong()).isGreaterThan(10);
            assertThat(pool.get("stats").get("latency_recorded").asBoolean()).isTrue();
        });
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheOption() {
        assertThat(commandLine().execute("dashboard", "--port", "70000")).isEqualTo(CisternCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("--port must be between 0 and 65535; was 70000");
        assertThat(commandLine().execute("dashboard", "--load", "-1")).isEqualTo(CisternCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("--load must be between 0 and 10000; was -1");
        assertThat(commandLine().execute("dashboard", "--db", "postgres://u:hunter2@h/db"))
                .isEqualTo(CisternCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("--db must be a JDBC URL").doesNotContain("hunter2");
        assertThat(commandLine().execute("dashboard", "--port", "0", "--bind", "0.0.0.0", "--duration", "1"))
                .isEqualTo(CisternCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("--bind 0.0.0.0 is reachable from other machines: set a token");
        assertThat(commandLine().execute("dashboard", "--port", "0", "--token", "short", "--duration", "1"))
                .isEqualTo(CisternCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("--token must be 16 to 256 characters");
    }
}
