package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The PoolListener SPI: which events arrive, with what, and that a failing listener harms nothing. */
class ListenerTest {
    private final StubDatabase db = StubDatabase.create();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final PoolListener recorder = new PoolListener() {
        @Override
        public void connectionCreated(long id) {
            events.add("created " + id);
        }

        @Override
        public void connectionBorrowed(long id, Duration waited) {
            events.add("borrowed " + id + (waited.isZero() ? "" : " after waiting"));
        }

        @Override
        public void connectionReturned(long id, Duration heldFor) {
            events.add("returned " + id + (heldFor.isNegative() ? " negative!" : ""));
        }

        @Override
        public void connectionEvicted(long id, String reason) {
            events.add("evicted " + id + ": " + reason);
        }

        @Override
        public void borrowTimedOut(Duration waited) {
            events.add("timeout");
        }
    };

    @Test
    void lifecycleEventsArriveInOrder() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(config(db).maximumPoolSize(1)
                .connectionTimeout(Duration.ofMillis(200)).listener(recorder).build())) {
            Connection c = ds.getConnection();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            ds.evict(c);
            c.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 5);
        assertThat(events).containsExactly("created 1", "borrowed 1", "timeout", "returned 1", "evicted 1: evicted");
    }

    @Test
    void aWaiterIsToldItWaited() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(config(db).maximumPoolSize(1)
                .initializationFailTimeout(Duration.ofMillis(-1)).listener(recorder).build());
             Connection c = ds.getConnection()) {
            assertThat(events).contains("borrowed 1 after waiting"); // nothing was idle: it waited for the creation
        }
    }

    @Test
    void aThrowingListenerIsLoggedAndIgnored() throws Exception {
        PoolListener broken = new PoolListener() {
            @Override
            public void connectionBorrowed(long id, Duration waited) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (CisternDataSource ds = new CisternDataSource(config(db).listener(broken).listener(recorder).build());
             Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(events).contains("borrowed 1", "returned 1");
    }
}
