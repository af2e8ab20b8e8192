package dev.cistern.pool;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's own background threads: daemon platform threads named after the pool
 * ({@code cistern-<pool>-housekeeper}, {@code -creator-N}, {@code -closer}) so that a thread dump says whose
 * they are, and idle ones go away so a quiet pool holds no threads but the housekeeper.
 */
final class PoolThreads {
    private static final Duration IDLE_THREAD_LINGER = Duration.ofSeconds(5);

    private PoolThreads() {
    }

    static ThreadFactory named(String poolName, String role, boolean numbered) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            String name = "cistern-" + poolName + "-" + role + (numbered ? "-" + number.incrementAndGet() : "");
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    static ThreadPoolExecutor workers(String poolName, String role, int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_THREAD_LINGER.toMillis(),
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), named(poolName, role, threads > 1));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    static ScheduledThreadPoolExecutor scheduler(String poolName) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named(poolName, "housekeeper", false));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }
}
