package dev.cistern.pool;

import java.sql.SQLException;

/** A failed connection attempt and when it failed (nanoTime), for messages that say how old it is. */
record ConnectError(SQLException error, long atNanos) {
}
