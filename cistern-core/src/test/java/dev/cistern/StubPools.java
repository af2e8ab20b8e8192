package dev.cistern;

import dev.cistern.testkit.stub.StubConnection;
import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Shared set-up for tests that run a pool over the testkit's stub driver. */
final class StubPools {
    private StubPools() {
    }

    /** {@return a configuration that builds and is otherwise all defaults: for tests of the settings alone (no pool starts)} */
    static PoolConfig.Builder valid() {
        return PoolConfig.builder().jdbcUrl("jdbc:stub:config");
    }

    /** A small, quick pool: short timeouts so failing tests fail fast, no background surprises. */
    static PoolConfig.Builder config(StubDatabase db) {
        return PoolConfig.builder()
                .jdbcUrl(db.url())
                .maximumPoolSize(4)
                .minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(2))
                .retryBackoff(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(5));
    }

    static StubConnection physical(Connection pooled) throws SQLException {
        return pooled.unwrap(StubConnection.class);
    }
}
