package dev.cistern.bench;

import dev.cistern.testkit.db.PostgresServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Many instances against one full PostgreSQL, side by side in one run: three JVMs ({@link FleetMember}), each
 * one pool of up to 10 with 16 borrowing threads and 5 ms queries, against a server that holds 17 sessions for
 * the application's role ({@code max_connections=20}, 3 reserved). Cases: HikariCP, Cistern without a budget,
 * Cistern with {@code fleet.name}. For each member: operations and their share, failed borrows by kind, p99
 * and max borrow wait, connections held over time (sampled from {@code pg_stat_activity} every 250 ms, written
 * as CSV), and the refused connects the server logged. {@code cistern-bench/run.sh fleet}.
 *
 * <p>Arguments: the benchmark jar, seconds of load per case, the CSV file to write.
 */
public final class FleetScenario {
    private static final int MEMBERS = 3;

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
            for (String pool : List.of("hikari", "cistern", "cistern-fleet")) {
                runCase(jar, server, pool, seconds, series);
            }
        }
        Files.writeString(csv, series.toString(), StandardCharsets.UTF_8);
        System.out.println("held connections over time: " + csv);
    }

    private static void runCase(String jar, PostgresServer server, String pool, int seconds, StringBuilder series)
            throws Exception {
        List<Process> processes = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        List<Writer> ins = new ArrayList<>();
        for (int i = 1; i <= MEMBERS; i++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", jar, FleetMember.class.getName(), pool, server.jdbcUrl(), "app", "orders-" + i, "16",
                    String.valueOf(seconds * 1000L), "5", "10").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(p);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            outs.add(out);
            ins.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            await(out, "READY");
        }
        Thread.sleep(1500); // a fleet member's first readings
        long refusedBefore = refusals(server);
        for (Writer in : ins) {
            in.write("go\n");
            in.flush();
        }
        List<int[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement s = admin.createStatement()) {
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
                int[] held = new int[MEMBERS];
                try (ResultSet rs = s.executeQuery("SELECT application_name, count(*) FROM pg_stat_activity"
                        + " WHERE usename = 'app' GROUP BY 1")) {
                    while (rs.next()) {
                        for (int i = 0; i < MEMBERS; i++) {
                            String name = rs.getString(1);
                            if (name.equals("orders-" + (i + 1)) || name.endsWith("/orders-" + (i + 1))) {
                                held[i] += rs.getInt(2);
                            }
                        }
                    }
                }
                samples.add(held);
                series.append(pool).append(',').append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                for (int h : held) {
                    series.append(',').append(h);
                }
                series.append('\n');
                Thread.sleep(250);
            }
        }
        List<Map<String, String>> results = new ArrayList<>();
        for (BufferedReader out : outs) {
            Map<String, String> result = new HashMap<>();
            for (String pair : await(out, "RESULT").split(" ")) {
                int eq = pair.indexOf('=');
                result.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            results.add(result);
        }
        for (Process p : processes) {
            p.waitFor(60, TimeUnit.SECONDS);
        }
        // Over the load only. pgjdbc may try a refused connect twice (with and without encryption), so the
        // server can log two lines for one attempt of the pool's.
        double refusedPerSecond = (refusals(server) - refusedBefore) / (double) seconds;
        long allServed = results.stream().mapToLong(r -> Long.parseLong(r.getOrDefault("outcome.served", "0"))).sum();
        for (int i = 0; i < MEMBERS; i++) {
            Map<String, String> r = results.get(i);
            long served = Long.parseLong(r.getOrDefault("outcome.served", "0"));
            StringBuilder failed = new StringBuilder();
            r.forEach((k, v) -> {
                if (k.startsWith("outcome.") && !k.equals("outcome.served")) {
                    failed.append(failed.length() == 0 ? "" : ", ").append(k.substring(8)).append(' ').append(v);
                }
            });
            int member = i;
            double mean = samples.stream().mapToInt(h -> h[member]).average().orElse(0);
            int min = samples.stream().mapToInt(h -> h[member]).min().orElse(0);
            int max = samples.stream().mapToInt(h -> h[member]).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.0f %% | %s | %s | %s | %.1f, %d–%d | %s |%n", pool, i + 1,
                    served, 100.0 * served / Math.max(1, allServed), failed.length() == 0 ? "0" : failed,
                    r.get("waitP99Ms"), r.get("waitMaxMs"), mean, min, max,
                    i == 0 ? String.format(Locale.ROOT, "%.1f", refusedPerSecond) : "");
        }
    }

    /** FATAL lines for refused connections in the server's log so far (PostgreSQL's 53300 messages). */
    private static long refusals(PostgresServer server) throws Exception {
        try (var lines = Files.lines(server.serverLog(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("FATAL") && (l.contains("too many clients")
                    || l.contains("remaining connection slots") || l.contains("too many connections"))).count();
        }
    }

    private static String await(BufferedReader out, String prefix) throws Exception {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IllegalStateException("a member ended before printing " + prefix);
    }
}
