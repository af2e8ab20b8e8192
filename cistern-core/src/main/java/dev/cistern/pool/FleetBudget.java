package dev.cistern.pool;

import dev.cistern.PoolConfig;
import dev.cistern.dialect.DatabaseType;
import dev.cistern.internal.MariaDbCapacity;
import dev.cistern.internal.PostgresCapacity;
import dev.cistern.internal.PostgresCapacity.FleetReading;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A pool's share of its fleet's connections ({@code fleet.name}): every {@code fleet.refreshInterval}, give or
 * take 10 %, it asks the server, over one of the pool's own connections, how many connections the application
 * may have, how many clients outside the fleet hold, and how many members the fleet has now (the distinct
 * names that start with {@code <fleet>@}: PostgreSQL's {@code application_name}, MariaDB's and MySQL's
 * {@code program_name} connection attribute; each member names its connections so). Its share
 * is {@code (capacity − headroom − others) / members}, never below {@code fleet.floor} nor above
 * {@code maximumPoolSize} ({@link PostgresCapacity} reads the server); it becomes the pool's effective maximum, so a smaller share closes idle connections
 * first and borrowed ones as they come back. There is no coordinator: the database is the source of truth, and
 * a member that dies drops out when its sessions go. A member starts at its floor and grows at its first
 * reading, right after start.
 *
 * <p>Runs on the housekeeper thread only; it holds no state but its last share.
 */
final class FleetBudget {
    private static final Logger log = PoolLog.LOG;
    /** Where a reading's connection comes from: one of the pool's own, within a deadline. */
    interface Connections {
        Connection borrow(long maxWaitNanos) throws SQLException;
    }

    private final String poolName;
    private final String fleetPrefix;
    /** PostgreSQL's pg_stat_activity, or else MariaDB's/MySQL's performance_schema. */
    private final boolean postgres;
    private final int headroom;
    private final int floor;
    private final int maximumPoolSize;
    private final long intervalNanos;
    private final Connections connections;
    private final RuntimeControl control;
    /** Scrubs what a failed reading says before it is logged (a driver's message may carry a password). */
    private final ErrorText errors;
    private int share;
    private long lastProblemNanos;

    FleetBudget(PoolConfig config, Connections connections, RuntimeControl control, ErrorText errors) {
        this.errors = errors;
        this.poolName = config.poolName();
        this.fleetPrefix = config.fleetName() + "@";
        this.postgres = DatabaseType.fromUrl(config.jdbcUrl()) == DatabaseType.POSTGRESQL;
        this.headroom = config.fleetHeadroom();
        this.floor = config.fleetFloor();
        this.maximumPoolSize = config.maximumPoolSize();
        this.intervalNanos = config.fleetRefreshInterval().toNanos();
        this.connections = connections;
        this.control = control;
        this.share = floor;
    }

    /** {@return the share: {@code (capacity − headroom − others) / members}, within [floor, maximum]} */
    static int share(FleetReading reading, int headroom, int floor, int maximum) {
        return PostgresCapacity.share(reading.capacity(), headroom, reading.others(), reading.members(), floor, maximum);
    }

    /** Reads the fleet now, then again every interval (±10 %), on the housekeeper thread. */
    void start(Housekeeping housekeeping) {
        housekeeping.schedule(() -> refresh(housekeeping), 0);
    }

    private void refresh(Housekeeping housekeeping) {
        try {
            apply(read());
        } catch (SQLException | RuntimeException e) {
            long now = System.nanoTime();
            if (lastProblemNanos == 0 || now - lastProblemNanos >= TimeUnit.MINUTES.toNanos(1)) {
                lastProblemNanos = now;
                log.warn("{} - could not read the fleet's members ({}); keeping a share of {}", poolName,
                        errors.describe(e), share);
            }
        }
        long jitter = intervalNanos / 10;
        long next = intervalNanos + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        housekeeping.schedule(() -> refresh(housekeeping), TimeUnit.NANOSECONDS.toMillis(next));
    }

    private FleetReading read() throws SQLException {
        try (Connection c = connections.borrow(Math.min(intervalNanos, TimeUnit.SECONDS.toNanos(5)))) {
            if (!postgres && !MariaDbCapacity.attributesRecorded(c)) {
                throw new SQLException("the server does not record connection attributes: a fleet on MariaDB needs"
                        + " performance_schema=ON (MySQL has it on by default)");
            }
            return postgres ? PostgresCapacity.readFleet(c, fleetPrefix) : MariaDbCapacity.readFleet(c, fleetPrefix);
        }
    }

    private void apply(FleetReading reading) {
        if (headroom >= reading.capacity()) {
            long now = System.nanoTime();
            if (lastProblemNanos == 0 || now - lastProblemNanos >= TimeUnit.MINUTES.toNanos(1)) {
                lastProblemNanos = now;
                log.error("{} - fleet.headroom {} is not below the server's capacity for this role ({}): each member"
                        + " keeps its fleet.floor ({}); lower fleet.headroom", poolName, headroom, reading.capacity(),
                        floor);
            }
        }
        int next = share(reading, headroom, floor, maximumPoolSize);
        if (next != share) {
            log.info("{} - fleet share {} -> {} (capacity {}, headroom {}, others {}, members {})", poolName, share,
                    next, reading.capacity(), headroom, reading.others(), reading.members());
            share = next;
        }
        control.setFleetShare(next);
    }
}
