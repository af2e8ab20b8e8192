package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.stub.StubDatabase;
import org.junit.jupiter.api.AfterEach;

/**
 * Base for tests that run one pool over a fresh stub database: closes the pool after each test and checks
 * that no physical connection was left open.
 */
abstract class StubPoolTest {
    protected final StubDatabase db = StubDatabase.create();
    protected CisternDataSource ds;

    @AfterEach
    void closePoolAndCheckNothingLeaked() {
        if (ds != null) {
            ds.close();
        }
        assertThat(db.openConnectionCount()).as("physical connections left open").isZero();
    }
}
