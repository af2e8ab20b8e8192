package dev.cistern.bench;

import dev.cistern.testkit.db.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Many instances against one full PostgreSQL, side by side in one run: JVMs of one pool each ({@link FleetMember},
 * up to 10 connections, 16 borrowing threads, 5 ms queries) against a server that holds 17 sessions for the
 * application's role ({@code max_connections=20}, 3 reserved). Cases: HikariCP, Agroal, Cistern without a budget,
 * Cistern with {@code fleet.name}. Two scenarios:
 * <ul>
 *   <li><b>three members</b>, started one after another, loaded together: for each, operations and their share,
 *       failed borrows by kind, p99 and max borrow wait, connections held (sampled from {@code pg_stat_activity}
 *       every 250 ms, written as CSV), and the refused connects the server logged;</li>
 *   <li><b>a rolling deploy</b>: two members under load, two new ones join 6 s later, the old ones leave when
 *       their load ends; failed borrows, and how long after the new members were ready, and after the old ones
 *       ended, the members' held connections took to settle (their last change, with a quiet second after it).</li>
 * </ul>
 * {@code cistern-bench/run.sh fleet}. Arguments: the benchmark jar, seconds of load per case, the CSV file.
 */
public final class FleetScenario {
    private static final List<String> POOLS = List.of("hikari", "agroal", "cistern", "cistern-fleet");
    private static final long SAMPLE_MILLIS = 250;

    private FleetScenario() {
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int seconds = Integer.parseInt(args[1]);
        Path csv = Path.of(args[2]);
        StringBuilder series = new StringBuilder("case,t_ms,member1,member2,member3\n");
        try (PostgresServer server = PostgresServer.startWith("max_connections=20", "superuser_reserved_connections=3")) {
            server.createRole("app");
            System.out.println("| case | member | borrows served | share | failed borrows | wait p99 ms | wait max ms"
                    + " | held (mean, min–max) | refused connects/s (server log, all members) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (String pool : POOLS) {
                threeMembers(jar, server, pool, seconds, series);
            }
            System.out.println();
            System.out.println("| case | failed borrows (old 1, old 2, new 1, new 2) | settled after the join | settled after"
                    + " the leave | held at the end (new 1, new 2) |");
            System.out.println("|---|---|---|---|---|");
            for (String pool : POOLS) {
                rollingDeploy(jar, server, pool, seconds);
            }
        }
        Files.writeString(csv, series.toString(), StandardCharsets.UTF_8);
        System.out.println("held connections over time: " + csv);
    }

    private static void threeMembers(String jar, PostgresServer server, String pool, int seconds, StringBuilder series)
            throws Exception {
        List<MemberJvm> members = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            members.add(MemberJvm.ready(jar, pool, server.jdbcUrl(), "orders-" + i, seconds));
        }
        Thread.sleep(1500); // a fleet member's first readings
        long refusedBefore = refusals(server);
        for (MemberJvm member : members) {
            member.go();
        }
        List<int[]> samples = sample(server, members, TimeUnit.SECONDS.toNanos(seconds));
        for (int[] held : samples) {
            series.append(pool).append(',').append(held[0]);
            for (int i = 1; i < held.length; i++) {
                series.append(',').append(held[i]);
            }
            series.append('\n');
        }
        List<Map<String, String>> results = new ArrayList<>();
        for (MemberJvm member : members) {
            results.add(member.result());
        }
        // Over the load only. pgjdbc may try a refused connect twice (with and without encryption), so the
        // server can log two lines for one attempt of the pool's.
        double refusedPerSecond = (refusals(server) - refusedBefore) / (double) seconds;
        long allServed = results.stream().mapToLong(FleetScenario::served).sum();
        for (int i = 0; i < members.size(); i++) {
            Map<String, String> r = results.get(i);
            int column = i + 1;
            double mean = samples.stream().mapToInt(h -> h[column]).average().orElse(0);
            int min = samples.stream().mapToInt(h -> h[column]).min().orElse(0);
            int max = samples.stream().mapToInt(h -> h[column]).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.0f %% | %s | %.1f | %.1f | %.1f, %d–%d | %s |%n", pool,
                    i + 1, served(r), 100.0 * served(r) / Math.max(1, allServed), failed(r),
                    Double.parseDouble(r.get("waitP99Ms")), Double.parseDouble(r.get("waitMaxMs")), mean, min, max,
                    i == 0 ? String.format(Locale.ROOT, "%.1f", refusedPerSecond) : "");
        }
    }

    /** Two members under load; two more join 6 s in; the first two leave when their load ends. */
    private static void rollingDeploy(String jar, PostgresServer server, String pool, int seconds) throws Exception {
        List<MemberJvm> members = new ArrayList<>();
        members.add(MemberJvm.ready(jar, pool, server.jdbcUrl(), "old-1", seconds));
        members.add(MemberJvm.ready(jar, pool, server.jdbcUrl(), "old-2", seconds));
        Thread.sleep(1500);
        long start = System.nanoTime();
        members.get(0).go();
        members.get(1).go();
        Thread.sleep(6000);
        long joined = System.nanoTime();
        for (String name : List.of("new-1", "new-2")) {
            MemberJvm member = MemberJvm.ready(jar, pool, server.jdbcUrl(), name, seconds);
            member.go();
            members.add(member);
        }
        long oldEnd = start + TimeUnit.SECONDS.toNanos(seconds);
        List<int[]> overlap = sample(server, members, oldEnd - System.nanoTime());
        List<Map<String, String>> results = new ArrayList<>();
        results.add(members.get(0).result());
        results.add(members.get(1).result());
        long left = System.nanoTime();
        List<int[]> after = sample(server, members, TimeUnit.SECONDS.toNanos(seconds) - (left - joined));
        results.add(members.get(2).result());
        results.add(members.get(3).result());
        StringBuilder failed = new StringBuilder();
        for (Map<String, String> r : results) {
            failed.append(failed.length() == 0 ? "" : "; ").append(failed(r));
        }
        int[] last = after.isEmpty() ? overlap.get(overlap.size() - 1) : after.get(after.size() - 1);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d, %d |%n", pool, failed, settled(overlap),
                settled(after), last[3], last[4]);
    }

    /**
     * Samples each member's sessions for {@code nanos}; each row is the time in ms since the first sample,
     * then one count per member.
     */
    private static List<int[]> sample(PostgresServer server, List<MemberJvm> members, long nanos) throws Exception {
        List<int[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement s = admin.createStatement()) {
            while (System.nanoTime() - start < nanos) {
                int[] held = new int[members.size() + 1];
                held[0] = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                try (ResultSet rs = s.executeQuery("SELECT application_name, count(*) FROM pg_stat_activity"
                        + " WHERE usename = 'app' GROUP BY 1")) {
                    while (rs.next()) {
                        for (int i = 0; i < members.size(); i++) {
                            if (members.get(i).owns(rs.getString(1))) {
                                held[i + 1] += rs.getInt(2);
                            }
                        }
                    }
                }
                samples.add(held);
                Thread.sleep(SAMPLE_MILLIS);
            }
        }
        return samples;
    }

    /**
     * {@return when, from the first sample, the members' counts last changed ("N.NN s"), or that they had not
     * settled (a change within the last second sampled)}
     */
    private static String settled(List<int[]> samples) {
        if (samples.isEmpty()) {
            return "–";
        }
        int lastChange = 0;
        for (int i = 1; i < samples.size(); i++) {
            for (int m = 1; m < samples.get(i).length; m++) {
                if (samples.get(i)[m] != samples.get(i - 1)[m]) {
                    lastChange = i;
                }
            }
        }
        boolean stable = samples.get(samples.size() - 1)[0] - samples.get(lastChange)[0] >= 1000;
        return String.format(Locale.ROOT, "%s%.2f s", stable ? "" : "not settled; last change at ",
                samples.get(lastChange)[0] / 1000.0);
    }

    private static long served(Map<String, String> result) {
        return Long.parseLong(result.getOrDefault("outcome.served", "0"));
    }

    private static String failed(Map<String, String> result) {
        StringBuilder failed = new StringBuilder();
        result.forEach((k, v) -> {
            if (k.startsWith("outcome.") && !k.equals("outcome.served")) {
                failed.append(failed.length() == 0 ? "" : ", ").append(k.substring(8)).append(' ').append(v);
            }
        });
        return failed.length() == 0 ? "0" : failed.toString();
    }

    /** FATAL lines for refused connections in the server's log so far (PostgreSQL's 53300 messages). */
    private static long refusals(PostgresServer server) throws Exception {
        try (var lines = Files.lines(server.serverLog(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("FATAL") && (l.contains("too many clients")
                    || l.contains("remaining connection slots") || l.contains("too many connections"))).count();
        }
    }
}
