package dev.cistern;

import dev.cistern.testkit.stub.StubConnection;
import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one check, shared by the stress, fault and leak tests, that no physical connection is ever lent to
 * two parties at once, seen from both ends: each borrower claims the physical connection for the length
 * of its borrow (a claim already held is a violation), and the stub driver reports any moment two
 * threads were inside one connection (see {@link StubDatabase#concurrentUses()}).
 */
final class ExclusiveUse {
    private final StubDatabase db;
    private final Map<Long, Thread> holders = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    ExclusiveUse(StubDatabase db) {
        this.db = db;
    }

    /** Called by a borrower right after {@code getConnection()}; returns the id to hand to {@link #returning}. */
    long borrowed(Connection pooled) throws SQLException {
        long id = pooled.unwrap(StubConnection.class).id();
        Thread previous = holders.putIfAbsent(id, Thread.currentThread());
        if (previous != null) {
            violations.add("connection " + id + " lent to " + Thread.currentThread() + " while held by " + previous);
        }
        return id;
    }

    /** Called by the borrower before it closes the connection. */
    void returning(long id) {
        holders.remove(id, Thread.currentThread());
    }

    /** Every violation seen by the borrowers and by the driver; empty when the invariant held. */
    List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        all.addAll(db.concurrentUses());
        return all;
    }
}
