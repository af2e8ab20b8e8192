package dev.cistern.cli;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One load run: starts the clients, samples the meter and the pool once a second, stops the clients and
 * hands back the result.
 *
 * <p>Invariants (tested in {@code LoadRunTest}): when {@link #run} returns, every client has stopped and
 * returned its connection (the pool has none lent); the result counts only transactions that ended inside the
 * measured span, and its totals are the sum of its seconds.
 */
final class LoadRun {
    /** How long a client pauses after a failure, so a refusing database is not hammered in a tight loop. */
    private static final long PAUSE_AFTER_FAILURE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Told of each second as it ends: for the progress line. */
    interface Listener {
        void warmingUp(double elapsedSeconds, double warmupSeconds, LoadMeter.Interval interval, PoolStats pool);

        void measured(Second second, double totalSeconds);
    }

    private final CisternDataSource dataSource;
    private final Workload workload;
    private final LoadSettings settings;
    private final LoadMeter meter = new LoadMeter();
    private volatile boolean stopped;
    private final java.util.function.BooleanSupplier isStopped = () -> stopped;

    LoadRun(CisternDataSource dataSource, Workload workload, LoadSettings settings) {
        this.dataSource = dataSource;
        this.workload = workload;
        this.settings = settings;
    }

    LoadResult run(Listener listener) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + settings.warmup().toNanos();
        long end = measureFrom + settings.duration().toNanos();
        Pacer pacer = settings.ratePerSecond() > 0 ? new Pacer(settings.ratePerSecond(), start) : null;
        List<Thread> clients = startClients(pacer);
        java.util.function.Function<PoolStats, LoadResult> measured;
        try {
            warmUp(listener, start, measureFrom);
            measured = measure(listener, measureFrom, end);
        } finally {
            stopped = true;
            stop(clients);
        }
        return measured.apply(dataSource.stats()); // the pool as the stopped clients left it
    }

    private List<Thread> startClients(Pacer pacer) {
        ThreadFactory threads = ClientThreads.factory(settings.virtual());
        List<Thread> clients = new ArrayList<>(settings.clients());
        SplittableRandom seeds = new SplittableRandom(42);
        for (int i = 0; i < settings.clients(); i++) {
            SplittableRandom random = seeds.split();
            Thread client = threads.newThread(() -> runClient(pacer, random));
            clients.add(client);
            client.start();
        }
        return clients;
    }

    private void runClient(Pacer pacer, SplittableRandom random) {
        while (!stopped) {
            if (pacer != null && !pacer.await(isStopped)) {
                return;
            }
            long asked = System.nanoTime();
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                failed(FailureKind.ofCheckout(e), e);
                continue;
            }
            long borrowed = System.nanoTime();
            try (connection) {
                workload.run(connection, random);
            } catch (SQLException | RuntimeException e) {
                failed(FailureKind.ofQuery(e), e);
                continue;
            }
            meter.served(borrowed - asked, System.nanoTime() - borrowed);
        }
    }

    private void failed(String kind, Exception e) {
        if (stopped) {
            return; // the pool closing under a client at the end is not the workload's failure
        }
        meter.failed(kind, e.getMessage() == null ? null : e.getMessage().lines().findFirst().orElse(""));
        LockSupport.parkNanos(PAUSE_AFTER_FAILURE_NANOS);
    }

    private void warmUp(Listener listener, long start, long measureFrom) {
        long tick = start;
        while (tick < measureFrom) {
            tick = Math.min(tick + SECOND, measureFrom);
            sleepUntil(tick);
            LoadMeter.Interval interval = meter.take(); // warm-up figures are dropped
            listener.warmingUp((tick - start) / 1e9, (measureFrom - start) / 1e9, interval, dataSource.stats());
        }
    }

    /** Samples each second; gives back the result, to complete with the pool's figures once the clients stop. */
    private java.util.function.Function<PoolStats, LoadResult> measure(Listener listener, long measureFrom, long end) {
        Histogram checkout = new Histogram(LoadMeter.HIGHEST, LoadMeter.DIGITS);
        Histogram query = new Histogram(LoadMeter.HIGHEST, LoadMeter.DIGITS);
        Histogram response = new Histogram(LoadMeter.HIGHEST, LoadMeter.DIGITS);
        Map<String, Long> failures = new TreeMap<>();
        List<Second> series = new ArrayList<>();
        long previous = measureFrom;
        int peakPending = 0;
        while (previous < end) {
            long tick = Math.min(previous + SECOND, end);
            sleepUntil(tick);
            LoadMeter.Interval interval = meter.take();
            long now = System.nanoTime();
            PoolStats pool = dataSource.stats();
            peakPending = Math.max(peakPending, pool.pending());
            checkout.add(interval.checkout());
            query.add(interval.query());
            response.add(interval.response());
            interval.failures().forEach((kind, count) -> failures.merge(kind, count, Long::sum));
            Second second = second((now - measureFrom) / 1e9, (now - previous) / 1e9, interval, pool);
            series.add(second);
            listener.measured(second, (end - measureFrom) / 1e9);
            previous = now;
        }
        double measuredSeconds = (previous - measureFrom) / 1e9;
        int mostWaiting = peakPending;
        return pool -> new LoadResult(settings, workload.describe(), measuredSeconds, checkout, query, response,
                failures, meter.firstMessages(), series, mostWaiting, pool);
    }

    static Second second(double at, double seconds, LoadMeter.Interval interval, PoolStats pool) {
        long timeouts = interval.failures().entrySet().stream().filter(e -> FailureKind.isTimeout(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        return new Second(round(at, 3), interval.transactions(), round(interval.transactions() / seconds, 1),
                LoadResult.millis(interval.checkout(), 50), LoadResult.millis(interval.checkout(), 95),
                LoadResult.millis(interval.checkout(), 99), LoadResult.millis(interval.query(), 50),
                LoadResult.millis(interval.query(), 99), interval.failed(), timeouts, pool.active(), pool.idle(),
                pool.pending(), pool.oldestWaiterAge().toMillis());
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    /** Lets the clients finish the transaction in hand; one still busy after the timeout is interrupted. */
    private void stop(List<Thread> clients) throws InterruptedException {
        long deadline = System.nanoTime() + settings.connectionTimeout().toNanos() + TimeUnit.SECONDS.toNanos(30);
        for (Thread client : clients) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            if (client.isAlive()) {
                client.interrupt();
            }
        }
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private static void sleepUntil(long tick) {
        long wait;
        while ((wait = tick - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
