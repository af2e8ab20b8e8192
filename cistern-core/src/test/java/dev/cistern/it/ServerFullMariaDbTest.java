package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.db.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB side of issue 24, part 1: three instances (three JVMs), one pool of 10 each, against a real
 * MariaDB with {@code max_connections=20}, under a borrowing load. The server refuses the surplus with error
 * 1040 ("Too many connections"); no borrow fails and no circuit opens.
 */
class ServerFullMariaDbTest {
    private static final int MEMBERS = 3;
    private static MariaDbServer server;
    private static long maxConnectionsBefore;

    @BeforeAll
    static void start() throws Exception {
        server = SharedServers.mariaDb();
        try (Connection root = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement s = root.createStatement()) {
            var rs = s.executeQuery("SELECT @@max_connections");
            rs.next();
            maxConnectionsBefore = rs.getLong(1);
            // The testkit's server skips grant tables, so every session has SUPER and may take the one
            // connection MariaDB keeps beyond max_connections for SUPER: 21 in all.
            s.execute("SET GLOBAL max_connections = 20");
        }
    }

    @AfterAll
    static void restore() throws Exception {
        try (Connection root = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement s = root.createStatement()) {
            s.execute("SET GLOBAL max_connections = " + maxConnectionsBefore);
        }
    }

    @Test
    void threeInstancesShareAFullServerWithoutFailingACaller() throws Exception {
        List<MemberProcess> members = new ArrayList<>();
        try {
            for (int i = 1; i <= MEMBERS; i++) {
                MemberProcess member = new MemberProcess("maria-" + i, server.jdbcUrl(), "root", "orders-" + i, "16",
                        "4000", "5", "maximumPoolSize=10", "minimumIdle=2", "connectionTimeout=5000", "password=");
                members.add(member);
                assertThat(member.await("READY")).as("member " + i + " holds its minimumIdle").isEqualTo("total=2");
            }
            for (MemberProcess member : members) {
                member.go();
            }
            long refused = 0;
            for (int i = 0; i < MEMBERS; i++) {
                Map<String, String> result = members.get(i).result();
                String who = "member " + (i + 1) + " " + result;
                System.out.println(who);
                assertThat(result.keySet().stream().filter(k -> k.startsWith("outcome.")))
                        .as(who + ": every borrow served").containsExactly("outcome.served");
                assertThat(result.get("circuit")).as(who).isEqualTo("CLOSED");
                double perSecond = Long.parseLong(result.get("serverFullRefusals")) / Double.parseDouble(result.get("seconds"));
                assertThat(perSecond).as(who + ": about five refused attempts a second").isLessThan(15);
                refused += Long.parseLong(result.get("serverFullRefusals"));
            }
            assertThat(refused).as("30 connections wanted of 20: the server refused some as full").isPositive();
        } finally {
            for (MemberProcess member : members) {
                member.close();
            }
        }
    }
}
