package dev.cistern.cli;

import dev.cistern.PoolStats;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line a load run prints once a second on standard error: rewritten in place on a terminal,
 * one line a second when piped (as {@code pgbench -P} does), nothing with {@code --quiet}.
 */
final class ProgressLine implements LoadRun.Listener {
    private final PrintWriter err;
    private final boolean inPlace;
    private final boolean quiet;
    private final String prefix;
    private boolean pending;

    /**
     * @param prefix put before each line, e.g. the pool size in a sweep; may be empty
     */
    ProgressLine(PrintWriter err, boolean inPlace, boolean quiet, String prefix) {
        this.err = err;
        this.inPlace = inPlace;
        this.quiet = quiet;
        this.prefix = prefix;
    }

    /** Whether the command writes to a terminal (where a line can be rewritten) rather than a pipe or file. */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Java 22+ has a console even when redirected; it says whether it is a terminal
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only on a terminal
        }
    }

    @Override
    public void warmingUp(double elapsed, double warmup, LoadMeter.Interval interval, PoolStats pool) {
        print(String.format(Locale.ROOT, "warm-up %.0f/%.0f s, %,d tx, %d errors, pool active %d idle %d pending %d",
                elapsed, warmup, interval.transactions(), interval.failed(), pool.active(), pool.idle(),
                pool.pending()));
    }

    @Override
    public void measured(Second s, double total) {
        print(String.format(Locale.ROOT, "%5.1f/%.0f s  %,10.1f tx/s  checkout p50 %.3f p95 %.3f p99 %.3f ms"
                        + "  query p99 %.3f ms  errors %d  pool active %d idle %d pending %d oldest wait %d ms",
                s.atSeconds(), total, s.throughputPerSecond(), s.checkoutP50Ms(), s.checkoutP95Ms(),
                s.checkoutP99Ms(), s.queryP99Ms(), s.errors(), s.active(), s.idle(), s.pending(), s.oldestWaitMs()));
    }

    /** Ends an in-place line, so what follows starts on a line of its own. */
    void finish() {
        if (pending) {
            err.println();
            err.flush();
            pending = false;
        }
    }

    private void print(String line) {
        if (quiet) {
            return;
        }
        if (inPlace) {
            err.print("\r" + prefix + line + "\u001b[K");
            pending = true;
        } else {
            err.println(prefix + line);
        }
        err.flush();
    }
}
