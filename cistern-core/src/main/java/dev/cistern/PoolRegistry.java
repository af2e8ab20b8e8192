package dev.cistern;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Named pools in one place: an application's primary and replicas, or the pools of several databases,
 * registered, looked up, measured and closed together. Each pool stays a complete, independent
 * {@link CisternDataSource} (its own connections, threads, circuit breaker and MXBean), so one pool's
 * database going down or its connections running out does not slow the others.
 *
 * <p>Invariant: a name maps to at most one pool, and a closed registry takes no new pool. Registration and
 * closing run under one lock; lookups read an immutable snapshot and never wait.
 */
public final class PoolRegistry implements AutoCloseable {
    private final ReentrantLock changes = new ReentrantLock();
    private volatile Map<String, CisternDataSource> pools = Map.of();
    private volatile boolean closed;
    /** The connection budget pools started here draw from unless their configuration names one; null = none. */
    private final String budgetName;
    private final int budgetConnections;

    /** An empty registry. */
    public PoolRegistry() {
        this.budgetName = null;
        this.budgetConnections = 0;
    }

    private PoolRegistry(String budgetName, int budgetConnections) {
        this.budgetName = budgetName;
        this.budgetConnections = budgetConnections;
    }

    /**
     * An empty registry whose pools share {@code connections} connections (the multi-tenant case: many pools,
     * one server): every pool {@link #register(String, PoolConfig) started here} draws from the
     * {@link ConnectionBudget} of this name, unless its configuration names another budget.
     *
     * @param name        the budget's name ({@code budget.name})
     * @param connections how many connections the pools may hold together ({@code budget.connections})
     * @return the registry
     * @throws InvalidSettingException naming the setting, for a missing or blank name, or fewer than 1 connection
     */
    public static PoolRegistry withBudget(String name, int connections) {
        if (name == null) {
            throw Settings.BUDGET_NAME.invalid("none", "budget.name is required for a registry's budget");
        }
        Settings.BUDGET_NAME.check(name);
        Settings.BUDGET_CONNECTIONS.check(connections);
        if (connections < 1) {
            throw Settings.BUDGET_CONNECTIONS.invalid(String.valueOf(connections),
                    "budget.connections must be at least 1 for a registry's budget; was " + connections);
        }
        return new PoolRegistry(name, connections);
    }

    /**
     * Starts a pool from its configuration and registers it.
     *
     * @param name the name to look it up by
     * @param config the pool's settings
     * @return the started pool
     * @throws IllegalArgumentException when the name is taken or blank
     * @throws IllegalStateException    when the registry is closed
     */
    public CisternDataSource register(String name, PoolConfig config) {
        Objects.requireNonNull(config, "config");
        checkName(name);
        PoolConfig withBudget = budgetName == null || config.budgetName() != null ? config
                : config.toBuilder().budgetName(budgetName).budgetConnections(budgetConnections).build();
        CisternDataSource pool = new CisternDataSource(withBudget);
        try {
            return register(name, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Registers a pool made elsewhere; the registry closes it in {@link #close()}.
     *
     * @param name the name to look it up by
     * @param pool the pool
     * @return the pool
     * @throws IllegalArgumentException when the name is taken or blank
     * @throws IllegalStateException    when the registry is closed
     */
    public CisternDataSource register(String name, CisternDataSource pool) {
        Objects.requireNonNull(pool, "pool");
        checkName(name);
        changes.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the registry is closed; pool '" + name + "' was not registered");
            }
            if (pools.containsKey(name)) {
                throw new IllegalArgumentException("a pool named '" + name + "' is already registered");
            }
            Map<String, CisternDataSource> next = new LinkedHashMap<>(pools);
            next.put(name, pool);
            pools = Collections.unmodifiableMap(next);
            return pool;
        } finally {
            changes.unlock();
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a registered pool needs a name; was '" + name + "'");
        }
    }

    /**
     * {@return the pool registered under this name}
     *
     * @param name the name it was registered under
     * @throws NoSuchElementException naming the registered pools, when there is none by that name
     */
    public CisternDataSource get(String name) {
        CisternDataSource pool = pools.get(name);
        if (pool == null) {
            throw new NoSuchElementException("no pool named '" + name + "'; registered: " + pools.keySet());
        }
        return pool;
    }

    /**
     * {@return the pool registered under this name, if any}
     *
     * @param name the name it was registered under
     */
    public Optional<CisternDataSource> find(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** {@return the registered names, in registration order} */
    public Set<String> names() {
        return pools.keySet();
    }

    /** {@return the registered pools by name, in registration order} */
    public Map<String, CisternDataSource> pools() {
        return pools;
    }

    /** {@return a stats snapshot of every open pool, by name} */
    public Map<String, PoolStats> stats() {
        Map<String, PoolStats> stats = new LinkedHashMap<>();
        pools.forEach((name, pool) -> {
            if (!pool.isClosed()) {
                stats.put(name, pool.stats());
            }
        });
        return stats;
    }

    /** {@return the connection budgets the registered pools draw from, by budget name} */
    public Map<String, ConnectionBudget> budgets() {
        Map<String, ConnectionBudget> budgets = new LinkedHashMap<>();
        pools.values().forEach(pool -> pool.budget().ifPresent(b -> budgets.putIfAbsent(b.name(), b)));
        return budgets;
    }

    /** {@return every pool's health, by name} */
    public Map<String, PoolHealth> health() {
        Map<String, PoolHealth> health = new LinkedHashMap<>();
        pools.forEach((name, pool) -> health.put(name, pool.health()));
        return health;
    }

    /**
     * Takes a pool out of the registry without closing it.
     *
     * @param name the name it was registered under
     * @return the pool, or empty when none had the name
     */
    public Optional<CisternDataSource> remove(String name) {
        changes.lock();
        try {
            if (!pools.containsKey(name)) {
                return Optional.empty();
            }
            Map<String, CisternDataSource> next = new LinkedHashMap<>(pools);
            CisternDataSource removed = next.remove(name);
            pools = Collections.unmodifiableMap(next);
            return Optional.of(removed);
        } finally {
            changes.unlock();
        }
    }

    /** Closes every registered pool, in reverse registration order; the registry takes no more. Idempotent. */
    public void closeAll() {
        List<CisternDataSource> toClose;
        changes.lock();
        try {
            closed = true;
            toClose = new java.util.ArrayList<>(pools.values());
        } finally {
            changes.unlock();
        }
        Collections.reverse(toClose);
        RuntimeException first = null;
        for (CisternDataSource pool : toClose) {
            try {
                pool.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Same as {@link #closeAll()}. */
    @Override
    public void close() {
        closeAll();
    }

    @Override
    public String toString() {
        return "PoolRegistry" + pools.keySet() + (closed ? " (closed)" : "");
    }
}
