package dev.cistern.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Replication as the stub databases cannot have it: each server's role, lag and replayed position set by
 * the test (by the server's JDBC URL), and a write position that advances with every write.
 */
final class FakeProbe implements ReplicationProbe {
    private final Map<String, ServerStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Long> replayed = new ConcurrentHashMap<>();
    private final AtomicLong primaryPosition = new AtomicLong(100);

    void set(String url, ServerRole role, Duration lag) {
        statuses.put(url, new ServerStatus(role, null, lag, null));
    }

    void replayedUpTo(String url, long position) {
        replayed.put(url, position);
    }

    long primaryPosition() {
        return primaryPosition.get();
    }

    private static String url(Connection c) throws SQLException {
        return c.getMetaData().getURL();
    }

    @Override
    public ServerStatus primary(Connection connection) throws SQLException {
        ServerStatus s = statuses.getOrDefault(url(connection), new ServerStatus(ServerRole.PRIMARY, null, Duration.ZERO, null));
        return new ServerStatus(s.role(), new Position.Lsn(primaryPosition.get()), Duration.ZERO, null);
    }

    @Override
    public ServerStatus replica(Connection connection, Position primary) throws SQLException {
        String url = url(connection);
        ServerStatus s = statuses.getOrDefault(url, new ServerStatus(ServerRole.REPLICA, null, Duration.ZERO, null));
        Long at = replayed.get(url);
        return new ServerStatus(s.role(), at == null ? null : new Position.Lsn(at), s.lag(), s.problem());
    }

    @Override
    public Position writePosition(Connection primary) {
        return new Position.Lsn(primaryPosition.incrementAndGet());
    }

    @Override
    public boolean awaitReplay(Connection replica, Position position, long timeoutNanos) throws SQLException {
        long deadline = System.nanoTime() + timeoutNanos;
        String url = url(replica);
        for (;;) {
            Long at = replayed.get(url);
            if (at != null && new Position.Lsn(at).covers(position)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
