package dev.cistern;

/**
 * The pool's circuit breaker, as reported in {@link PoolStats} and on the MXBean.
 * <ul>
 *   <li>{@code CLOSED}: normal operation.</li>
 *   <li>{@code OPEN}: the database looked down (too many consecutive failures); borrowers are served from
 *       idle connections if any, otherwise fail at once instead of waiting {@code connectionTimeout}.</li>
 *   <li>{@code HALF_OPEN}: one probe connection is being tried; its success closes the circuit, its failure
 *       opens it again.</li>
 * </ul>
 */
public enum CircuitState {
    /** Normal operation. */
    CLOSED,
    /** The database looked down: borrowers without an idle connection fail at once. */
    OPEN,
    /** One probe connection is being tried; its result closes or reopens the circuit. */
    HALF_OPEN
}
