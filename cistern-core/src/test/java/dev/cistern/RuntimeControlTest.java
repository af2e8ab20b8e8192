package dev.cistern;

import static dev.cistern.StubPools.config;
import static dev.cistern.StubPools.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** resize, suspend/resume, evict, warmUp, credentials providers and the default query timeout. */
class RuntimeControlTest extends StubPoolTest {

    @Test
    void resizeUpLendsMoreAtOnceAndResizeDownRetiresTheSurplusAsItComesBack() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(2).connectionTimeout(Duration.ofMillis(300)).build());
        List<Connection> held = new ArrayList<>(List.of(ds.getConnection(), ds.getConnection()));
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class);

        ds.resize(0, 5);
        for (int i = 0; i < 3; i++) {
            held.add(ds.getConnection());
        }
        assertThat(ds.stats().total()).isEqualTo(5);
        assertThat(ds.stats().maximumPoolSize()).isEqualTo(5);

        ds.resize(1, 2);
        assertThat(ds.stats().total()).as("nobody loses a connection they hold").isEqualTo(5);
        for (Connection c : held) {
            c.close();
        }
        assertThat(ds.stats().total()).isEqualTo(2);
        assertThat(ds.stats().minimumIdle()).isEqualTo(1);
        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
    }

    @Test
    void resizeRejectsBadBoundsNamingTheField() {
        ds = new CisternDataSource(config(db).build());
        assertThatThrownBy(() -> ds.resize(0, 0)).hasMessage("maximumPoolSize must be between 1 and 10000; was 0");
        assertThatThrownBy(() -> ds.resize(5, 3)).hasMessage("minimumIdle must be between 0 and maximumPoolSize (3); was 5");
        assertThatThrownBy(() -> ds.resize(-1, 3)).hasMessageContaining("minimumIdle must be between 0");
        assertThat(ds.stats().maximumPoolSize()).isEqualTo(4);
    }

    @Test
    void suspendedPoolMakesBorrowersWaitUntilResumeAndKeepsItsConnections() throws Exception {
        ds = new CisternDataSource(config(db).minimumIdle(2).connectionTimeout(Duration.ofSeconds(10)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
        Connection held = ds.getConnection();
        ds.suspend();
        assertThat(ds.stats().suspended()).isTrue();
        CompletableFuture<Connection> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ds.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        held.close(); // returning works while suspended
        assertThat(ds.stats().total()).isEqualTo(2);
        ds.resume();
        try (Connection c = waiting.get(5, TimeUnit.SECONDS)) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(ds.stats().suspended()).isFalse();
    }

    @Test
    void aBorrowerSuspendedPastConnectionTimeoutTimesOut() {
        ds = new CisternDataSource(config(db).connectionTimeout(Duration.ofMillis(300)).build());
        ds.suspend();
        long start = System.nanoTime();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("suspended");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(ds.stats().suspendedRefusals()).isEqualTo(1);
        assertThat(ds.stats().timeouts()).as("counted apart from timeouts").isZero();
    }

    @Test
    void closingASuspendedPoolReleasesItsWaiters() throws Exception {
        ds = new CisternDataSource(config(db).connectionTimeout(Duration.ofSeconds(30)).build());
        ds.suspend();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                ds.getConnection().close();
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        Thread.sleep(100);
        ds.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasMessageContaining("pool is closed");
    }

    @Test
    void evictRetiresABorrowedConnectionWhenItComesBack() throws Exception {
        ds = new CisternDataSource(config(db).build());
        StubConnection first;
        try (Connection c = ds.getConnection()) {
            first = physical(c);
            assertThat(ds.evict(c)).isTrue();
            assertThat(first.isClosed()).as("not under the holder").isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(first::isClosed);
        try (Connection c = ds.getConnection()) {
            assertThat(physical(c)).isNotSameAs(first);
        }
        try (CisternDataSource other = new CisternDataSource(config(db).build()); Connection foreign = other.getConnection()) {
            assertThat(ds.evict(foreign)).as("not this pool's connection").isFalse();
            assertThat(ds.evict(foreign.unwrap(Connection.class))).isFalse();
        }
    }

    @Test
    void warmUpOpensMinimumIdleAndWaitsForIt() throws Exception {
        db.connectDelay(Duration.ofMillis(50));
        ds = new CisternDataSource(config(db).minimumIdle(3).initializationFailTimeout(Duration.ofMillis(-1)).build());
        assertThat(ds.warmUp()).isGreaterThanOrEqualTo(3);
        assertThat(ds.stats().total()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void warmUpFailsWithTheLastErrorWhenTheDatabaseIsDown() {
        db.failAllConnects(true);
        ds = new CisternDataSource(config(db).minimumIdle(2).connectionTimeout(Duration.ofMillis(500))
                .initializationFailTimeout(Duration.ofMillis(-1)).build());
        assertThatThrownBy(ds::warmUp).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("warm-up reached 0 of 2 connections").hasMessageContaining("stub: connection refused");
    }

    @Test
    void credentialsProviderIsAskedAtEveryConnectSoRotatedPasswordsWork() throws Exception {
        String[] current = {"token-1"};
        int[] calls = {0};
        db.requireCredentials("app", "token-1");
        ds = new CisternDataSource(config(db).credentialsProvider(() -> {
            calls[0]++;
            return new Credentials("app", current[0]);
        }).build());
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        db.requireCredentials("app", "token-2"); // the token rotates
        current[0] = "token-2";
        ds.softEvictConnections(); // force a new connection
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(calls[0]).isEqualTo(2);
        assertThat(ds.config().toString()).doesNotContain("token");
        assertThat(new Credentials("app", "token-2").toString()).doesNotContain("token-2");
    }

    @Test
    void credentialsProviderFailuresAreConnectFailures() {
        ds = new CisternDataSource(config(db).connectionTimeout(Duration.ofMillis(500)).maxRetries(0)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .credentialsProvider(() -> {
                    throw new IllegalStateException("vault sealed");
                }).build());
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("credentialsProvider failed")
                .hasMessageNotContaining("vault sealed") // the provider's own text stays in its exception
                .hasRootCauseMessage("vault sealed");
        assertThat(ds.stats().createFailures()).isPositive();
    }

    @Test
    void credentialsProviderAndStaticCredentialsAreExclusive() {
        assertThatThrownBy(() -> config(db).username("u").credentialsProvider(() -> new Credentials("a", "b")).build())
                .hasMessage("set either username/password or credentialsProvider, not both");
    }

    @Test
    void defaultQueryTimeoutIsAppliedUnlessTheUserSetsOne() throws Exception {
        ds = new CisternDataSource(config(db).defaultQueryTimeout(Duration.ofMillis(2500)).build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             Statement p = c.prepareStatement("select 1"); Statement own = c.createStatement()) {
            assertThat(s.getQueryTimeout()).as("rounded up to whole seconds").isEqualTo(3);
            assertThat(p.getQueryTimeout()).isEqualTo(3);
            own.setQueryTimeout(60);
            assertThat(own.getQueryTimeout()).isEqualTo(60);
        }
        try (CisternDataSource plain = new CisternDataSource(config(db).build());
             Connection c = plain.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.getQueryTimeout()).isZero();
        }
    }
}
