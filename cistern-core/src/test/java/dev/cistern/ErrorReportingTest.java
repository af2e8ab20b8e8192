package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What borrowers are told when the pool cannot lend: one pool name, current facts, one exception type. */
class ErrorReportingTest extends StubPoolTest {

    /** Before: a timeout long after recovery still cited the old connection error. */
    @Test
    void aConnectionErrorIsForgottenOnceAConnectSucceeds() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).connectionTimeout(Duration.ofMillis(300))
                .initializationFailTimeout(Duration.ofMillis(-1)).maxRetries(0).build());
        db.failConnectsWith(new SQLException("password authentication failed for user \"app\"", "28P01"));
        assertThatThrownBy(ds::getConnection).hasMessageContaining("password authentication failed");
        db.failConnectsWith(null);
        try (Connection held = ds.getConnection()) {
            assertThatThrownBy(ds::getConnection)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("timed out")
                    .hasMessageNotContaining("password authentication failed");
        }
    }

    @Test
    void theLastConnectionErrorSaysHowOldItIs() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(2).connectionTimeout(Duration.ofMillis(300))
                .initializationFailTimeout(Duration.ofMillis(-1)).build());
        try (Connection held = ds.getConnection()) {
            db.failAllConnects(true);
            assertThatThrownBy(ds::getConnection)
                    .hasMessageMatching("(?s).*last connection error \\(\\d+ ms ago\\): .*connection refused.*");
        } finally {
            db.failAllConnects(false);
        }
    }

    /** Before: "p - p - connection not available" for a waiter failed by an opening circuit. */
    @Test
    void thePoolNameAppearsOnceAndTheStateIsNotContradicted() throws Exception {
        ds = new CisternDataSource(config(db).poolName("orders").maximumPoolSize(2).minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(10)).maxRetries(0)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .circuitBreakerFailureThreshold(1).circuitBreakerOpenDuration(Duration.ofSeconds(30)).build());
        Connection held = ds.getConnection();
        db.failAllConnects(true);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try (Connection c = ds.getConnection()) {
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        Throwable failedWaiter = waiter.get(10, TimeUnit.SECONDS);
        Throwable newBorrower = null;
        try (Connection c = ds.getConnection()) {
            // not expected
        } catch (SQLException e) {
            newBorrower = e;
        }
        held.close();
        for (Throwable e : new Throwable[] {failedWaiter, newBorrower}) {
            assertThat(e).as("both the waiter and the new borrower are refused as circuit open")
                    .isInstanceOf(CircuitOpenException.class)
                    .isInstanceOf(SQLTransientConnectionException.class);
            String message = e.getMessage();
            assertThat(message).startsWith("orders - ");
            assertThat(message.indexOf("orders - ", 1)).as("pool name repeated in: " + message).isEqualTo(-1);
            assertThat(message).doesNotContain("CLOSED").contains("connection refused");
        }
        PoolStats stats = ds.stats();
        assertThat(stats.circuitRefusals()).isEqualTo(2);
        assertThat(stats.timeouts()).as("circuit refusals are not timeouts").isZero();
    }

    @Test
    void aWrongPasswordIsNotCalledUnreachable() throws Exception {
        ds = new CisternDataSource(config(db).maxRetries(0).initializationFailTimeout(Duration.ofMillis(-1))
                .circuitBreakerFailureThreshold(1).circuitBreakerOpenDuration(Duration.ofSeconds(30)).build());
        db.failConnectsWith(new SQLException("password authentication failed for user \"app\"", "28P01"));
        assertThatThrownBy(ds::getConnection).hasMessageContaining("password authentication failed");
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() == CircuitState.OPEN);
        assertThatThrownBy(ds::getConnection)
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("unreachable");
    }

    /** A provider's own exception text (here a token it never returned) stays out of Cistern's messages. */
    @Test
    void aCredentialsProvidersExceptionTextIsKeptOutOfMessages() throws Exception {
        RuntimeException providerFailure = new IllegalStateException("vault refused token hvs.SECRET-TOKEN");
        Throwable thrown = borrowWithFailingProvider(providerFailure);
        assertThat(thrown.getMessage()).contains("credentialsProvider").contains(IllegalStateException.class.getName());
    }

    /** The same for the checked exception a provider may throw. */
    @Test
    void aCredentialsProvidersSqlExceptionTextIsKeptOutOfMessagesToo() throws Exception {
        borrowWithFailingProvider(new SQLException("token hvs.SECRET-TOKEN expired", "28000"));
    }

    /** Borrows from a pool whose provider throws {@code failure}; checks it is the cause but not in any message. */
    private Throwable borrowWithFailingProvider(Exception failure) {
        ds = new CisternDataSource(config(db).maxRetries(0).connectionTimeout(Duration.ofMillis(500))
                .initializationFailTimeout(Duration.ofMillis(-1))
                .credentialsProvider(() -> {
                    if (failure instanceof SQLException) {
                        throw (SQLException) failure;
                    }
                    throw (RuntimeException) failure;
                }).build());
        Throwable thrown = null;
        try (Connection c = ds.getConnection()) {
            // not expected
        } catch (SQLException e) {
            thrown = e;
        }
        assertThat(thrown).isNotNull();
        for (Throwable t : ConnectFailureTest.causes(thrown)) {
            if (t != failure) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRET-TOKEN");
            }
        }
        assertThat(ConnectFailureTest.causes(thrown)).as("the provider's exception is kept as a cause").contains(failure);
        return thrown;
    }
}
