package dev.cistern.cli;

import dev.cistern.CisternDataSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cistern load}: many clients borrow, run a transaction and return, through one Cistern pool, for a
 * set time; a progress line each second, then a summary, and the figures as JSON and an HTML report.
 */
@Command(name = "load", mixinStandardHelpOptions = true, versionProvider = CisternVersion.class,
        description = "Load a database through a Cistern pool: throughput, checkout and query latency, errors,"
                + " pool use; JSON and HTML reports.")
final class LoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseOptions database;

    @CommandLine.Mixin
    LoadOptions load;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        database.validate(commandLine);
        LoadSettings settings = load.settings(commandLine, Duration.ofSeconds(30), Duration.ofSeconds(5));
        Workload workload = load.workload(commandLine);
        ProgressLine progress = new ProgressLine(commandLine.getErr(), ProgressLine.onTerminal(), load.quiet, "");
        LoadResult result;
        Map<String, Object> report;
        try (LoadTarget target = LoadTarget.of(database);
             CisternDataSource dataSource = target.openPool("load", database.poolSize, settings)) {
            Map<String, Object> described = target.describe(dataSource);
            LoadTarget.setUp(dataSource, workload);
            try {
                result = new LoadRun(dataSource, workload, settings).run(progress);
            } finally {
                progress.finish();
                LoadTarget.tearDown(dataSource, workload);
            }
            report = result.toMap(described);
        }
        printSummary(commandLine.getOut(), result, report);
        ReportPage.writeFiles(load.json, load.html, report);
        if (result.errors() > load.maxErrors) {
            commandLine.getErr().println("cistern: " + result.errors() + " transactions failed, more than --max-errors "
                    + load.maxErrors);
            return CisternCommand.RUN_ERROR;
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static void printSummary(PrintWriter out, LoadResult result, Map<String, Object> report) {
        Map<String, Object> database = (Map<String, Object>) report.get("database");
        LoadSettings settings = result.settings();
        out.printf(Locale.ROOT, "%s %s (%s), %,d %s clients, pool %d, %s%n", database.get("product"),
                database.get("version"), database.get("url"), settings.clients(),
                settings.virtual() ? "virtual" : "platform", result.pool().maximumPoolSize(), result.workload());
        out.printf(Locale.ROOT, "measured     %.1f s after %s warm-up%s%n", result.measuredSeconds(),
                DurationArgument.show(settings.warmup()), settings.ratePerSecond() > 0
                        ? String.format(Locale.ROOT, ", rate limit %,.0f/s", settings.ratePerSecond()) : "");
        out.printf(Locale.ROOT, "transactions %,d (%,.1f/s)%n", result.transactions(), result.throughput());
        out.println("checkout ms  " + latencyLine((Map<String, Object>) report.get("checkout_ms")));
        out.println("query ms     " + latencyLine((Map<String, Object>) report.get("query_ms")));
        out.printf(Locale.ROOT, "errors       %d%s%n", result.errors(), result.failures().isEmpty() ? ""
                : " " + result.failures());
        result.firstMessages().forEach((kind, message) -> out.println("             first " + kind + ": " + message));
        out.printf(Locale.ROOT, "timeouts     %d%n", result.timeouts());
        out.printf(Locale.ROOT, "pool         peak active %d of %d, most clients waiting %,d%n",
                result.pool().peakActive(), result.pool().maximumPoolSize(), result.peakPending());
        out.flush();
    }

    private static String latencyLine(Map<String, Object> figures) {
        return String.format(Locale.ROOT, "p50 %.3f  p95 %.3f  p99 %.3f  max %.3f", figures.get("p50"),
                figures.get("p95"), figures.get("p99"), figures.get("max"));
    }
}
