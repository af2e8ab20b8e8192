package dev.cistern.routing;

import java.util.Objects;

/**
 * Where the primary stood after a write: its WAL position (PostgreSQL) or GTID position (MariaDB). Pass it
 * to {@link RoutingDataSource#readAfter} to read, from any thread, data at least that fresh. Immutable.
 */
public final class ConsistencyToken {
    private final Position position;

    ConsistencyToken(Position position) {
        this.position = Objects.requireNonNull(position, "position");
    }

    Position position() {
        return position;
    }

    /** {@return the later of two tokens (either may be null)} */
    static ConsistencyToken later(ConsistencyToken a, ConsistencyToken b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.position.covers(b.position) ? a : b;
    }

    @Override
    public String toString() {
        return "ConsistencyToken[" + position + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsistencyToken token && token.position.equals(position);
    }

    @Override
    public int hashCode() {
        return position.hashCode();
    }
}
