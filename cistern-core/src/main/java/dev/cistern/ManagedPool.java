package dev.cistern;

import dev.cistern.settings.Setting;

/**
 * What JMX may see of one pool and do to it: its name, a stats snapshot, the circuit state, and the runtime
 * controls an operator uses. The MXBean works against this alone, so it needs neither the
 * {@link CisternDataSource} nor the pool's internals; {@link CisternDataSource} supplies one over its pool.
 */
interface ManagedPool {
    String poolName();

    /** A fresh snapshot on every call. */
    PoolStats stats();

    CircuitState circuitState();

    PoolHealth health();

    void softEvictConnections();

    void suspend();

    void resume();

    /** Closes the circuit by hand; returns the state it was in. */
    CircuitState resetCircuit();

    /** Same rules as {@link CisternDataSource#resize}. */
    void resize(int minimumIdle, int maximumPoolSize);

    /** The configuration in force. */
    PoolConfig config();

    /** Changes a setting of the running pool, as the table's runtime column says (checked by the start-up rules). */
    <T> void change(Setting<T> setting, T value);
}
