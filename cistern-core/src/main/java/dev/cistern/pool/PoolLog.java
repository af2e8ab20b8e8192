package dev.cistern.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger every part of the pool writes to. It keeps the name {@code dev.cistern.pool.Pool}, which users'
 * logging rules already name, so one rule still covers the whole pool, and the parts need not import
 * {@link Pool} (they stand below it) to find it.
 */
final class PoolLog {
    static final Logger LOG = LoggerFactory.getLogger("dev.cistern.pool.Pool");

    private PoolLog() {
    }
}
