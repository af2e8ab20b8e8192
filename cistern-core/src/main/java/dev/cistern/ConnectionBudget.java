package dev.cistern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections shared by the pools of one JVM ({@code budget.name}, {@code budget.connections}): the
 * multi-tenant case, where many pools reach one server and together must stay under what it allows. Each pool
 * that names the budget draws a share of it, fairly: max-min fair over the pools' {@code maximumPoolSize}s, so
 * a pool that wants less than an equal part keeps what it wants and gives the rest to the others. A share is
 * at least 1 and at most the pool's maximum; it becomes the pool's effective maximum (a smaller share closes
 * idle connections first and borrowed ones as they come back). Shares change at once, in-process, when a
 * pool joins, leaves (closes) or is resized; nothing is read from the server (for instances in several
 * processes, see {@code fleet.name}; a pool may use both, and then the smaller limit holds).
 *
 * <p>Invariants: every share is within [1, the member's maximum]; while there are no more members than
 * connections, the shares add up to at most {@code connections}; changes are computed and handed to the pools
 * under one lock, so the last share a pool was told is the share it has. {@code ConnectionBudgetStressTest}
 * checks each.
 */
public final class ConnectionBudget {
    private static final Logger log = LoggerFactory.getLogger(ConnectionBudget.class);
    private static final ReentrantLock BUDGETS_LOCK = new ReentrantLock();
    /** The budgets that have members, by name. A budget whose last member left is forgotten. */
    private static final Map<String, ConnectionBudget> BUDGETS = new HashMap<>();

    private final String name;
    private final int connections;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Member> members = new ArrayList<>();
    private boolean warnedOverdrawn;

    private ConnectionBudget(String name, int connections) {
        this.name = name;
        this.connections = connections;
    }

    /**
     * {@return the budget of this name that pools draw from now, if any}
     *
     * @param name its {@code budget.name}
     */
    public static Optional<ConnectionBudget> find(String name) {
        BUDGETS_LOCK.lock();
        try {
            return Optional.ofNullable(BUDGETS.get(name));
        } finally {
            BUDGETS_LOCK.unlock();
        }
    }

    /** {@return its name ({@code budget.name})} */
    public String name() {
        return name;
    }

    /** {@return how many connections its pools may hold together ({@code budget.connections})} */
    public int connections() {
        return connections;
    }

    /**
     * One pool's part of the budget.
     *
     * @param pool            the pool's name
     * @param maximumPoolSize the most it asks for
     * @param share           what it has: the most connections it may hold now
     */
    public record Share(String pool, int maximumPoolSize, int share) {
    }

    /** {@return each pool's share now, in the order the pools joined} */
    public List<Share> shares() {
        lock.lock();
        try {
            return members.stream().map(m -> new Share(m.pool, m.maximum, m.share)).collect(Collectors.toList());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pool joins the budget of this name, made now if no pool draws from it yet. Its share is computed at
     * once (so the pool can start within it) and told to it again whenever it changes, once
     * {@link Seat#follow} gives the receiver.
     *
     * @throws IllegalArgumentException when the budget exists with another number of connections
     */
    static Seat join(String name, int connections, String pool, int maximumPoolSize) {
        BUDGETS_LOCK.lock();
        try {
            ConnectionBudget budget = BUDGETS.computeIfAbsent(name, n -> new ConnectionBudget(n, connections));
            if (budget.connections != connections) {
                throw new InvalidSettingException("budget.connections", String.valueOf(connections),
                        "budget.connections is " + connections + " but budget '" + name + "' already has "
                                + budget.connections + " (pools " + budget.poolNames() + " draw from it): give every"
                                + " pool of a budget the same budget.connections", String.valueOf(budget.connections));
            }
            return budget.add(pool, maximumPoolSize);
        } finally {
            BUDGETS_LOCK.unlock();
        }
    }

    private List<String> poolNames() {
        lock.lock();
        try {
            return members.stream().map(m -> m.pool).collect(Collectors.toList());
        } finally {
            lock.unlock();
        }
    }

    private Seat add(String pool, int maximumPoolSize) {
        Member member = new Member(pool, maximumPoolSize);
        lock.lock();
        try {
            members.add(member);
            rebalance();
        } finally {
            lock.unlock();
        }
        return new Seat(member);
    }

    private void leave(Member member) {
        BUDGETS_LOCK.lock();
        try {
            lock.lock();
            try {
                if (!members.remove(member)) {
                    return;
                }
                member.receiver = null;
                if (members.isEmpty()) {
                    BUDGETS.remove(name, this);
                } else {
                    rebalance();
                }
            } finally {
                lock.unlock();
            }
        } finally {
            BUDGETS_LOCK.unlock();
        }
    }

    private void resize(Member member, int maximumPoolSize) {
        lock.lock();
        try {
            member.maximum = maximumPoolSize;
            rebalance();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Max-min fair shares: the smallest asks first, each taking the lesser of its maximum and an equal part of
     * what is left, so what a small pool does not want goes to the larger ones. Under {@link #lock}.
     */
    private void rebalance() {
        List<Member> bySize = new ArrayList<>(members);
        bySize.sort(Comparator.comparingInt(m -> m.maximum)); // stable: equal asks keep their joining order
        int left = connections;
        int waiting = bySize.size();
        for (Member m : bySize) {
            int share = Math.max(1, Math.min(m.maximum, left / waiting));
            left -= share;
            waiting--;
            m.setShare(share);
        }
        if (members.size() > connections) {
            if (!warnedOverdrawn) {
                warnedOverdrawn = true;
                log.warn("budget '{}' has {} pools for {} connections: each keeps 1 connection, {} in all; raise"
                        + " budget.connections or use fewer pools", name, members.size(), connections, members.size());
            }
        } else {
            warnedOverdrawn = false;
        }
    }

    @Override
    public String toString() {
        return "ConnectionBudget[" + name + ", " + connections + " connections, " + shares() + "]";
    }

    private static final class Member {
        final String pool;
        int maximum;
        int share;
        IntConsumer receiver;

        Member(String pool, int maximum) {
            this.pool = pool;
            this.maximum = maximum;
        }

        void setShare(int next) {
            boolean changed = next != share;
            share = next;
            if (changed && receiver != null) {
                receiver.accept(next);
            }
        }
    }

    /** A pool's place in the budget: its share, how it hears of changes, and how it leaves. */
    final class Seat {
        private final Member member;

        private Seat(Member member) {
            this.member = member;
        }

        ConnectionBudget budget() {
            return ConnectionBudget.this;
        }

        /** {@return the share now} */
        int share() {
            lock.lock();
            try {
                return member.share;
            } finally {
                lock.unlock();
            }
        }

        /** From now on, tells {@code receiver} each new share; first the share now, in case it moved meanwhile. */
        void follow(IntConsumer receiver) {
            lock.lock();
            try {
                if (!members.contains(member)) {
                    return;
                }
                member.receiver = receiver;
                receiver.accept(member.share);
            } finally {
                lock.unlock();
            }
        }

        /** The pool asks for another maximum ({@code resize}); shares move to match. */
        void resize(int maximumPoolSize) {
            ConnectionBudget.this.resize(member, maximumPoolSize);
        }

        /** The pool closed: its connections go to the others. Idempotent. */
        void leave() {
            ConnectionBudget.this.leave(member);
        }
    }
}
