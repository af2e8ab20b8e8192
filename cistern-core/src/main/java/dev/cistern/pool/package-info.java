/**
 * The pool's engine, behind {@code dev.cistern.CisternDataSource}; not exported. {@link dev.cistern.pool.Pool}
 * builds and wires the parts, handing each group's constructor the shared ones in one {@code PoolParts}; every
 * part logs to {@code PoolLog}'s one logger, and an entry knows its pool only as a {@code PoolEntry.Owner}, so
 * no part imports {@code Pool}. They fall into five groups:
 * <ul>
 *   <li><b>lending</b>, the hot path: {@code Borrowing} (one {@code getConnection()}, bounded by one
 *       {@code connectionTimeout}), {@code Lender} (claim an idle entry, or park as a {@code Waiter} in FIFO
 *       order and be handed one), {@code PoolEntry} (one physical connection's state, CAS only),
 *       {@code ScanStart}, {@code EntrySpacing}, {@code Refusals} (what a borrower gets when the pool cannot lend),
 *       {@code Suspension};</li>
 *   <li><b>physical connections</b>: {@code ConnectionSupply} (open on demand, retries and backoff),
 *       {@code ConnectionFactory}, {@code BoundedConnect} (a connect that cannot hang past its bound),
 *       {@code ConnectFailures}, {@code ConnectError}, {@code CreationRate} (connections a second), {@code ServerRefusing} (one creation at a time while the server
 *       refuses connections as full), {@code Validator}, {@code ConnectionReset} and
 *       {@code ConnectionDefaults} (session state restored on return), {@code ErrorText} (errors safe to show);</li>
 *   <li><b>upkeep</b>: {@code Housekeeping} (idle and lifetime retirement, refill, keepalive),
 *       {@code LeakWatch} and {@code BorrowTrace}, {@code AutoScaler}, {@code FleetBudget} (the fleet share),
 *       {@code RuntimeControl} (resize, evict,
 *       warm-up), {@code PoolLimits} and {@code Timeouts} (the values in force), {@code Shutdown};</li>
 *   <li><b>figures</b>: {@code PoolCounters}, {@code LatencyRecording}, {@code StripedUseTimes},
 *       {@code RecentWindow}, {@code HealthRules}, {@code PoolEvents} (listeners);</li>
 *   <li><b>threads and time</b>: {@code PoolThreads}, {@code VirtualThreads}, {@code CoarseClock},
 *       {@code Elapsed}.</li>
 * </ul>
 * docs/architecture.md draws the same groups and lists each class's invariants and the tests that check them.
 */
package dev.cistern.pool;
