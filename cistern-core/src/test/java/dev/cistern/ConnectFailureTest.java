package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failed connects: the driver's own exception reaches the caller, failures that cannot succeed on retry are
 * not retried, start-up and borrows each spend one time budget, and start-up is not cut short by the
 * circuit breaker.
 */
class ConnectFailureTest extends StubPoolTest {
    private static final String SECRET = "s3cret-pw";

    @Test
    void theDriversExceptionStaysInTheCauseChain() {
        SQLException refused = new SQLException("connect refused by 127.0.0.1:5432", "08001");
        db.failConnectsWith(refused);
        Throwable thrown = catchStart(StubPools.config(db).maxRetries(1));
        assertThat(causes(thrown)).as("the driver's exception itself").contains(refused);
    }

    @Test
    void aCauseWhoseMessageHoldsThePasswordIsReplacedByAScrubbedCopyWithItsOwnCausesKept() {
        java.net.ConnectException socketError = new java.net.ConnectException("Connection refused");
        SQLException leaky = new SQLException("login as app/" + SECRET + " failed", "08001", socketError);
        db.failConnectsWith(leaky);
        Throwable thrown = catchStart(StubPools.config(db).username("app").password(SECRET).maxRetries(0));
        for (Throwable t : causes(thrown)) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            assertThat(t.toString()).doesNotContain(SECRET);
        }
        assertThat(causes(thrown)).as("the socket error under it is kept").contains(socketError);
    }

    @Test
    void authenticationFailureIsTriedOnceAndReportedAsSuch() {
        SQLException authFailed = new SQLException("password authentication failed for user \"app\"", "28P01");
        db.failConnectsWith(authFailed);
        long start = System.nanoTime();
        Throwable thrown = catchStart(StubPools.config(db).initializationFailTimeout(Duration.ofSeconds(5)));
        assertThat(db.connectAttempts()).as("connect attempts").isEqualTo(1);
        assertThat(BoundedWaitTest.elapsedMs(start)).isLessThan(2000);
        assertThat(causes(thrown)).contains(authFailed);
        assertThat(thrown.getMessage()).contains("password authentication failed")
                .doesNotContain("unreachable");
    }

    @Test
    void otherHopelessFailuresAreNotRetriedEither() {
        for (SQLException hopeless : List.of(
                new SQLException("database \"nosuch\" does not exist", "3D000"),
                new SQLException("Access denied for user 'app'@'localhost'", "28000", 1045),
                new SQLException("Unknown database 'nosuch'", "42000", 1049))) {
            db.reset();
            db.failConnectsWith(hopeless);
            catchStart(StubPools.config(db).initializationFailTimeout(Duration.ofSeconds(5)));
            assertThat(db.connectAttempts()).as("attempts for " + hopeless.getMessage()).isEqualTo(1);
        }
    }

    @Test
    void aMissingDriverFailsAtOnce() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:nosuchdriver://x/y")
                .initializationFailTimeout(Duration.ofSeconds(5)).build()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("no JDBC driver");
        assertThat(BoundedWaitTest.elapsedMs(start)).isLessThan(2000);
    }

    @Test
    void aBorrowerLearnsOfAnAuthenticationFailureAtOnceAfterOneAttempt() {
        ds = new CisternDataSource(StubPools.config(db).connectionTimeout(Duration.ofSeconds(5))
                .initializationFailTimeout(Duration.ofMillis(-1)).build());
        SQLException authFailed = new SQLException("password authentication failed for user \"app\"", "28P01");
        db.failConnectsWith(authFailed);
        long start = System.nanoTime();
        assertThatThrownBy(ds::getConnection)
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(causes(e)).contains(authFailed));
        assertThat(BoundedWaitTest.elapsedMs(start)).isLessThan(2500);
        assertThat(db.connectAttempts()).isEqualTo(1);
    }

    /** Before: 4 attempts of connectionTimeout each, 2 s in all. */
    @Test
    void startUpAgainstAHangingServerGivesUpAtConnectionTimeout() {
        db.hangOnConnect(true);
        long start = System.nanoTime();
        catchStart(StubPools.config(db).connectionTimeout(Duration.ofMillis(500)));
        long tookMs = BoundedWaitTest.elapsedMs(start);
        db.hangOnConnect(false);
        assertThat(tookMs).isLessThan(500 + 400);
    }

    /** With initializationFailTimeout above connectionTimeout, start-up keeps trying that long, no longer. */
    @Test
    void startUpKeepsTryingUntilInitializationFailTimeoutWhenThatIsLonger() {
        db.failAllConnects(true);
        long start = System.nanoTime();
        catchStart(StubPools.config(db).connectionTimeout(Duration.ofMillis(200))
                .initializationFailTimeout(Duration.ofMillis(1200)).retryBackoff(Duration.ofMillis(50))
                .retryBackoffMax(Duration.ofMillis(100)));
        long tookMs = BoundedWaitTest.elapsedMs(start);
        assertThat(tookMs).isBetween(1100L, 1200L + 500);
        assertThat(db.connectAttempts()).isGreaterThan(4);
    }

    /** Before: the circuit opened after two failures and start-up gave up at once with its message. */
    @Test
    void theCircuitBreakerDoesNotCutStartUpShort() throws Exception {
        db.failAllConnects(true);
        Thread healer = new Thread(() -> {
            Pause.millis(800);
            db.failAllConnects(false);
        });
        healer.start();
        ds = new CisternDataSource(StubPools.config(db)
                .circuitBreakerFailureThreshold(2)
                .circuitBreakerOpenDuration(Duration.ofSeconds(10))
                .retryBackoff(Duration.ofMillis(20)).retryBackoffMax(Duration.ofMillis(50))
                .initializationFailTimeout(Duration.ofSeconds(5))
                .build());
        healer.join();
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aFailedStartUpCarriesTheRealCauseNotTheCircuitsMessage() {
        SQLException refused = new SQLException("connect refused", "08001");
        db.failConnectsWith(refused);
        Throwable thrown = catchStart(StubPools.config(db)
                .circuitBreakerFailureThreshold(1)
                .initializationFailTimeout(Duration.ofMillis(300)));
        assertThat(thrown.getMessage()).contains("connect refused").doesNotContainIgnoringCase("circuit");
        assertThat(causes(thrown)).contains(refused);
    }

    @Test
    void startUpRetriesAreLoggedAtInfoOncePerAttempt() {
        db.failNextConnects(2);
        String log = captureStandardError(() -> {
            ds = new CisternDataSource(StubPools.config(db).poolName("noisy").build());
        });
        List<String> retryLines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains("INFO") && line.contains("noisy") && line.contains("attempt")) {
                retryLines.add(line);
            }
        }
        assertThat(retryLines).as("INFO lines about failed attempts in:\n" + log).hasSize(2);
    }

    private static String captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private Throwable catchStart(PoolConfig.Builder config) {
        try {
            ds = new CisternDataSource(config.build());
        } catch (PoolInitializationException e) {
            return e;
        }
        throw new AssertionError("the pool started");
    }

    static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
