package dev.cistern.cli;

import dev.cistern.CisternDataSource;
import dev.cistern.dialect.DatabaseType;
import dev.cistern.internal.PostgresCapacity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cistern size}: the pool size for a workload, measured (a load at each of a sweep of sizes, then the
 * knee of the throughput curve) or modelled from a running pool's statistics (Little's law and Erlang C).
 */
@Command(name = "size", mixinStandardHelpOptions = true, versionProvider = CisternVersion.class,
        description = "Find the pool size for a workload: a load at each size of a sweep, or a queueing model"
                + " of a running pool's statistics (--from-stats).")
final class SizeCommand implements Callable<Integer> {
    /** The fleet budget's default headroom (fleet.headroom), which --fleet assumes. */
    private static final int FLEET_HEADROOM = 2;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseOptions database;

    @CommandLine.Mixin
    LoadOptions load;

    @Option(names = "--sizes", paramLabel = "LIST", defaultValue = "1,2,4,8,16,32",
            description = "Pool sizes to try, comma-separated, each 1 to 10000 (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--tolerance", paramLabel = "PERCENT", defaultValue = "5",
            description = "How close to the best throughput the knee must come, 0 to 50 (default: ${DEFAULT-VALUE}).")
    double tolerancePercent;

    @Option(names = "--from-stats", paramLabel = "FILE", description = "Size from a pool's statistics instead of"
            + " a sweep: a JSON file from the dashboard's /api/stats, 'cistern load --json' or 'simulate'.")
    Path fromStats;

    @Option(names = "--pool", paramLabel = "NAME", description = "With --from-stats: the pool to read, when the"
            + " file has several.")
    String poolName;

    @Option(names = "--target-wait", paramLabel = "DURATION", defaultValue = "1ms",
            description = "With --from-stats: the p99 wait for a connection to size for (default: ${DEFAULT-VALUE}).")
    String targetWait;

    @Option(names = "--db-cores", paramLabel = "N", description = "The database server's cores, for the"
            + " cores × 2 + spindles rule (default: this machine's).")
    Integer dbCores;

    @Option(names = "--spindles", paramLabel = "N", defaultValue = "1",
            description = "The server's effective spindle count for that rule, 0 to 1000 (default: ${DEFAULT-VALUE}).")
    int spindles;

    @Option(names = "--fleet", paramLabel = "N", description = "PostgreSQL: N instances share this server with a"
            + " fleet budget (docs/fleet.md); the advice is at most each one's share, 1 to 10000.")
    Integer fleet;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        if (commandLine.getParseResult().hasMatchedOption("--pool-size")) {
            throw usage("--pool-size does not apply to size; give the sizes to try with --sizes");
        }
        if (!(tolerancePercent >= 0 && tolerancePercent <= 50)) {
            throw usage("--tolerance must be between 0 and 50 (percent); was " + tolerancePercent);
        }
        if (dbCores != null && (dbCores < 1 || dbCores > 10_000)) {
            throw usage("--db-cores must be between 1 and 10000; was " + dbCores);
        }
        if (spindles < 0 || spindles > 1000) {
            throw usage("--spindles must be between 0 and 1000; was " + spindles);
        }
        if (fleet != null && (fleet < 1 || fleet > 10_000)) {
            throw usage("--fleet must be between 1 and 10000; was " + fleet);
        }
        if (fleet != null && fromStats != null) {
            throw usage("--fleet reads the server's capacity: it goes with --db, not --from-stats");
        }
        Map<String, Object> report = fromStats != null ? fromStats() : sweep();
        printReport(commandLine.getOut(), report);
        ReportPage.writeFiles(load.json, load.html, report);
        return 0;
    }

    private Map<String, Object> sweep() throws Exception {
        CommandLine commandLine = spec.commandLine();
        database.validate(commandLine);
        List<Integer> sizeList = parseSizes();
        LoadSettings settings = load.settings(commandLine, Duration.ofSeconds(10), Duration.ofSeconds(2));
        Workload workload = load.workload(commandLine);
        List<Map<String, Object>> points = new ArrayList<>();
        List<SizeAdvisor.Measured> measured = new ArrayList<>();
        Map<String, Object> described;
        Integer share = null;
        int others = 0;
        int capacity = 0;
        try (LoadTarget target = LoadTarget.of(database)) {
            try (CisternDataSource setUp = target.openPool("size-setup", 1, settings)) {
                described = target.describe(setUp);
                if (fleet != null) {
                    if (DatabaseType.fromUrl(database.url()) != DatabaseType.POSTGRESQL) {
                        throw usage("--fleet needs a PostgreSQL --db (a fleet budget reads pg_stat_activity)");
                    }
                    try (java.sql.Connection c = setUp.getConnection()) {
                        capacity = PostgresCapacity.capacity(c);
                        others = PostgresCapacity.sessionsByApplication(c).values().stream()
                                .mapToInt(Integer::intValue).sum() - 1; // not the sweep's own connection
                    }
                    share = PostgresCapacity.share(capacity, FLEET_HEADROOM, others, fleet, 1, Integer.MAX_VALUE);
                }
                LoadTarget.setUp(setUp, workload);
            }
            try {
                for (int size : sizeList) {
                    LoadResult result = runAt(target, size, settings, workload);
                    measured.add(new SizeAdvisor.Measured(size, result.throughput(),
                            LoadResult.millis(result.response(), 99), result.errors()));
                    points.add(point(size, result));
                }
            } finally {
                try (CisternDataSource tearDown = target.openPool("size-teardown", 1, settings)) {
                    LoadTarget.tearDown(tearDown, workload);
                }
            }
        }
        SizeAdvisor.Measured knee = SizeAdvisor.knee(measured, tolerancePercent / 100);
        SizeAdvisor.Measured best = measured.stream()
                .max(java.util.Comparator.comparingDouble(SizeAdvisor.Measured::throughput)).orElseThrow();
        List<String> reasoning = new ArrayList<>();
        reasoning.add(String.format(Locale.ROOT, "best throughput: %,.1f tx/s at size %d (transaction p99 %.3f ms)",
                best.throughput(), best.size(), best.p99Millis()));
        reasoning.add(String.format(Locale.ROOT, "knee: size %d, the smallest within %.0f%% of the best throughput"
                        + " (%,.1f tx/s, %.1f%%) whose p99 (%.3f ms) is within %.0f%% of the lowest p99 among those"
                        + " sizes", knee.size(), tolerancePercent, knee.throughput(),
                100 * knee.throughput() / best.throughput(), knee.p99Millis(), tolerancePercent));
        if (measured.stream().anyMatch(p -> p.errors() > 0)) {
            reasoning.add("sizes with errors were not candidates: see the errors column");
        }
        reasoning.add("larger pools hold more server connections without serving more: each costs the database"
                + " memory and contention");
        int recommended = knee.size();
        if (share != null) {
            String fleetShare = String.format(Locale.ROOT, "a fleet of %d with fleet.headroom=%d holds at most %d each"
                    + " on this server ((%d - %d - %d outside the fleet) / %d)", fleet, FLEET_HEADROOM, share, capacity,
                    FLEET_HEADROOM, others, fleet);
            if (share < knee.size()) {
                recommended = share;
                reasoning.add(fleetShare + ": less than the knee, so " + share + " with fleet.name on every instance"
                        + " (or a bigger server, or fewer instances)");
            } else {
                reasoning.add(fleetShare + ": the knee fits; set fleet.name on every instance to keep it so");
            }
        }
        Map<String, Object> report = report("measured: " + load.clients + " clients, " + settings.duration().toMillis()
                / 1000.0 + " s at each size", recommended, points, reasoning);
        if (share != null) {
            Map<String, Object> fleetReport = new LinkedHashMap<>();
            fleetReport.put("instances", fleet);
            fleetReport.put("capacity", capacity);
            fleetReport.put("headroom", FLEET_HEADROOM);
            fleetReport.put("others", others);
            fleetReport.put("share", share);
            report.put("fleet", fleetReport);
        }
        report.put("database", described);
        report.put("workload", workload.describe());
        return report;
    }

    private LoadResult runAt(LoadTarget target, int size, LoadSettings settings, Workload workload) throws Exception {
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), ProgressLine.onTerminal(), load.quiet,
                String.format(Locale.ROOT, "size %3d: ", size));
        try (CisternDataSource dataSource = target.openPool("size-" + size, size, settings)) {
            return new LoadRun(dataSource, workload, settings).run(progress);
        } finally {
            progress.finish();
        }
    }

    private static Map<String, Object> point(int size, LoadResult result) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("size", size);
        point.put("throughput_per_s", LoadRun.round(result.throughput(), 1));
        point.put("p99_ms", LoadResult.millis(result.response(), 99));
        point.put("checkout_p99_ms", LoadResult.millis(result.checkout(), 99));
        point.put("query_p99_ms", LoadResult.millis(result.query(), 99));
        point.put("errors", result.errors());
        return point;
    }

    private Map<String, Object> fromStats() throws IOException {
        Duration target;
        try {
            target = DurationArgument.parse("--target-wait", targetWait, Duration.ZERO);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PoolFigures figures;
        try {
            figures = PoolFigures.read(fromStats, poolName);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        SizeModel.Advice advice = SizeModel.advise(figures, target);
        Map<String, Object> report = report("modelled from " + fromStats.getFileName() + " (pool " + figures.name() + ")",
                advice.recommended(), advice.points(), new ArrayList<>(advice.reasoning()));
        report.put("inputs", figures.toMap());
        return report;
    }

    private Map<String, Object> report(String method, int recommended, List<Map<String, Object>> points,
            List<String> reasoning) {
        int cores = dbCores != null ? dbCores : Runtime.getRuntime().availableProcessors();
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("cores", cores);
        rule.put("cores_from", dbCores != null ? "--db-cores" : "this machine");
        rule.put("spindles", spindles);
        rule.put("size", cores * 2 + spindles);
        reasoning.add(String.format(Locale.ROOT, "rule of thumb: cores × 2 + spindles = %d × 2 + %d = %d (%s)", cores,
                spindles, cores * 2 + spindles, dbCores != null ? "the server's cores, from --db-cores"
                        : "this machine's cores; the database server's count: --db-cores"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("kind", "size");
        report.put("method", method);
        report.put("recommended_pool_size", recommended);
        report.put("rule_of_thumb", rule);
        report.put("reasoning", reasoning);
        report.put("points", points);
        return report;
    }

    private List<Integer> parseSizes() {
        TreeSet<Integer> sorted = new TreeSet<>();
        for (String part : sizes.split(",", -1)) {
            int size;
            try {
                size = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 10_000) {
                throw usage("--sizes must be pool sizes from 1 to 10000, comma-separated, such as 1,2,4,8; was '"
                        + sizes + "'");
            }
            sorted.add(size);
        }
        return new ArrayList<>(sorted);
    }

    @SuppressWarnings("unchecked")
    private static void printReport(PrintWriter out, Map<String, Object> report) {
        out.println("cistern size: " + report.get("method"));
        List<Map<String, Object>> points = (List<Map<String, Object>>) report.get("points");
        if (!points.isEmpty()) {
            List<String> keys = new ArrayList<>(points.get(0).keySet());
            out.println(String.join("  ", keys.stream().map(k -> String.format(Locale.ROOT, "%14s", k)).toList()));
            for (Map<String, Object> point : points) {
                out.println(String.join("  ", keys.stream().map(k -> String.format(Locale.ROOT, "%14s",
                        shown(point.get(k)))).toList())
                        + (point.get("size").equals(report.get("recommended_pool_size")) ? "  <- recommended" : ""));
            }
        }
        for (String line : (List<String>) report.get("reasoning")) {
            out.println("  " + line);
        }
        out.println("recommended pool size: " + report.get("recommended_pool_size"));
        out.flush();
    }

    /** A table cell: plain decimals (no 1.0E-4), and "overloaded" where the model has no finite wait. */
    private static String shown(Object value) {
        if (value == null) {
            return "overloaded";
        }
        if (value instanceof Double number) {
            return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
