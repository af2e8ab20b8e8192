package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cistern.testkit.db.PgBouncer;
import dev.cistern.testkit.db.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cistern check} against a real PostgreSQL, directly and through PgBouncer. */
@Tag("integration")
class CheckPostgresTest {

    private static JsonNode check(String url) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CisternCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(commandLine.execute("check", "--json", "--db", url, "--user", "postgres")).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void directlyAndThroughPgBouncer() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            JsonNode direct = check(server.jdbcUrl());
            assertThat(direct.get("server").asText()).startsWith("PostgreSQL 17");
            assertThat(direct.get("tls").asText()).isEqualTo("off");
            assertThat(direct.get("pooler").asText()).isEqualTo("none seen");
            assertThat(direct.get("fatal_errors").asText()).contains("57P01");
            assertThat(direct.get("advice").asText()).contains("max_connections is 200");
            if (PgBouncer.binary() == null && !"true".equals(System.getenv("CI"))) {
                return; // pgbouncer not installed here (CI installs it): the direct half still ran
            }
            try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, 2)) {
                JsonNode through = check(bouncer.jdbcUrl());
                assertThat(through.get("pooler").asText()).contains("poolerMode=TRANSACTION");
            }
        }
    }
}
