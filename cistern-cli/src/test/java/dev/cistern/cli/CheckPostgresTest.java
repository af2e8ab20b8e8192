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

    private static JsonNode check(String url, String... more) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CisternCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("check", "--json", "--db", url,
                "--user", "postgres"));
        args.addAll(java.util.List.of(more));
        assertThat(commandLine.execute(args.toArray(String[]::new))).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    /** The capacity for the role, who holds it by application, and the share of a fleet of three. */
    @Test
    void capacityAndAFleetsShare() throws Exception {
        try (PostgresServer server = PostgresServer.startWith("max_connections=20", "superuser_reserved_connections=3");
                java.sql.Connection other = java.sql.DriverManager.getConnection(server.jdbcUrl()
                        + "?ApplicationName=reports", server.username(), server.password());
                java.sql.Connection member = java.sql.DriverManager.getConnection(server.jdbcUrl()
                        + "?ApplicationName=orders@pod-1:1/orders", server.username(), server.password())) {
            JsonNode found = check(server.jdbcUrl(), "--fleet", "3", "--fleet-name", "orders", "--headroom", "2");
            assertThat(found.get("capacity").asText()).startsWith("17 connections for this role")
                    .contains("reports: 1").contains("orders@pod-1:1/orders: 1");
            // (17 - 2 - others) / 3, where others are the sessions outside the fleet but this check's own.
            int others = found.get("capacity").asText().contains("(no application_name)") ? 2 : 1;
            assertThat(found.get("fleet_share").asInt()).isEqualTo((17 - 2 - others) / 3);
            assertThat(found.get("fleet").asText()).contains("a fleet of 3 with fleet.headroom=2 would hold");
        }
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
