package dev.cistern.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** What the real-server routing tests do through a data source: ask the server its port, insert, read back. */
final class RoutedWork {
    private final String portQuery;
    private final AtomicLong ids = new AtomicLong();

    /** @param portQuery the database's way to ask which server answers ({@code select inet_server_port()}, {@code select @@port}) */
    RoutedWork(String portQuery) {
        this.portQuery = portQuery;
    }

    int serverPort(DataSource ds, boolean readOnly) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(readOnly);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(portQuery)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Inserts a new row into {@code items}; returns its id. */
    long insert(DataSource ds) throws SQLException {
        long id = ids.incrementAndGet();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("insert into items values (?, 'x')")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        return id;
    }

    /**
     * Read-your-writes under load: {@code threads} threads share {@code rounds} rounds of inserting a row and
     * reading it back on a read-only connection; returns the rows a read did not find.
     */
    List<String> insertThenReadRounds(DataSource ds, int threads, int rounds) throws Exception {
        AtomicInteger taken = new AtomicInteger();
        List<String> missed = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    while (taken.incrementAndGet() <= rounds) {
                        long id = insert(ds);
                        if (!readSees(ds, id)) {
                            missed.add("row " + id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return missed;
    }

    /** Whether a read-only connection finds the row. */
    boolean readSees(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement("select count(*) from items where id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        }
    }
}
