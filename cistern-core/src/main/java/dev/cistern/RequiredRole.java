package dev.cistern;

/**
 * Which server a pool's connections must be on ({@code role}): docs/failover.md. The pool asks each new
 * connection's server once (PostgreSQL {@code pg_is_in_recovery()} and {@code default_transaction_read_only};
 * MariaDB and MySQL {@code @@read_only} and {@code @@innodb_read_only}) and lends it only on a server of this
 * role; one on the wrong server is closed and the next connect tried (the driver's multi-host logic, or DNS,
 * picks again).
 */
public enum RequiredRole {
    /** Any server the URL leads to; a write refused as read-only still makes the pool follow the primary. */
    ANY,
    /** Only a server that takes writes: not in recovery and not read-only. */
    PRIMARY,
    /** Only a server that does not take writes: a standby or a read-only replica. */
    REPLICA
}
