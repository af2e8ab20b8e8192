package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.db.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, part 1, as production has it: three instances of one service, each its own JVM with its own pool
 * of {@code maximumPoolSize=10}, against one real PostgreSQL 17 that holds 17 sessions for the application's
 * role ({@code max_connections=20}, 3 reserved for superusers), under a borrowing load of 16 threads each.
 * Thirty connections are wanted and seventeen exist: the server refuses the rest with SQLState 53300. Before,
 * the pools that got fewer slots opened their circuit breakers and failed most callers at once while they held
 * working connections.
 */
class ServerFullPostgresTest {
    private static final int MEMBERS = 3;
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = SharedServers.postgresWithSeventeenAppSlots();
    }

    @Test
    void threeInstancesShareAFullServerWithoutFailingACaller() throws Exception {
        List<MemberProcess> members = new ArrayList<>();
        try {
            for (int i = 1; i <= MEMBERS; i++) {
                MemberProcess member = new MemberProcess("pg-" + i, server.jdbcUrl(), "app", "orders-" + i, "16", "4000",
                        "5", "maximumPoolSize=10", "minimumIdle=2", "connectionTimeout=" + CONNECTION_TIMEOUT_MILLIS);
                members.add(member);
                assertThat(member.await("READY")).as("member " + i + " holds its minimumIdle").isEqualTo("total=2");
            }
            for (MemberProcess member : members) {
                member.go();
            }
            for (int i = 0; i < MEMBERS; i++) {
                Map<String, String> result = members.get(i).result();
                String who = "member " + (i + 1) + " " + result;
                System.out.println(who);
                assertThat(result.keySet().stream().filter(k -> k.startsWith("outcome.")))
                        .as(who + ": every borrow served, none failed (circuit open or timed out)")
                        .containsExactly("outcome.served");
                assertThat(result.get("circuitRefusals")).as(who).isEqualTo("0");
                assertThat(result.get("circuit")).as(who).isEqualTo("CLOSED");
                assertThat(Long.parseLong(result.get("maxWaitMs"))).as(who + ": answered within connectionTimeout")
                        .isLessThan(CONNECTION_TIMEOUT_MILLIS);
                double refusalsPerSecond = Long.parseLong(result.get("serverFullRefusals"))
                        / Double.parseDouble(result.get("seconds"));
                assertThat(refusalsPerSecond).as(who + ": the full server is asked about five times a second")
                        .isLessThan(15);
                // Read as each member ends (the first to end frees its slots for the others), so no sum is taken.
                assertThat(Integer.parseInt(result.get("total"))).as(who + ": kept its minimumIdle").isBetween(2, 10);
                assertThat(Long.parseLong(result.get("serverFullRefusals"))).as(who).isNotNegative();
            }
        } finally {
            for (MemberProcess member : members) {
                member.close();
            }
        }
    }
}
