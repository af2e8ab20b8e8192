package dev.cistern.routing;

import java.util.Map;
import java.util.TreeMap;

/** A point in a primary's stream of changes, as a replica replays it. */
interface Position {
    /** Whether this position is at or past {@code other}. */
    boolean covers(Position other);

    /** Bytes from {@code older} to this position, where the database counts in bytes; else -1. */
    default long bytesAfter(Position older) {
        return -1;
    }

    /** A PostgreSQL WAL position ({@code pg_lsn}, written {@code 16/B374D848}). */
    record Lsn(long value) implements Position {
        static Lsn parse(String text) {
            if (text == null) {
                return null;
            }
            int slash = text.indexOf('/');
            return new Lsn((Long.parseUnsignedLong(text.substring(0, slash), 16) << 32)
                    | Long.parseUnsignedLong(text.substring(slash + 1), 16));
        }

        @Override
        public boolean covers(Position other) {
            return other instanceof Lsn lsn && Long.compareUnsigned(value, lsn.value) >= 0;
        }

        @Override
        public long bytesAfter(Position older) {
            return older instanceof Lsn lsn ? Math.max(0, value - lsn.value) : -1;
        }

        @Override
        public String toString() {
            return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
        }
    }

    /**
     * A MariaDB GTID position ({@code 0-1-120,1-2-7}: domain-server-sequence per replication domain). It
     * covers another when, in every domain of the other, its sequence number is at least as high.
     */
    record Gtid(Map<Long, Long> sequenceByDomain, String text) implements Position {
        static Gtid parse(String text) {
            Map<Long, Long> byDomain = new TreeMap<>();
            if (text != null) {
                for (String part : text.split(",")) {
                    String gtid = part.trim();
                    if (gtid.isEmpty()) {
                        continue;
                    }
                    String[] fields = gtid.split("-");
                    byDomain.merge(Long.parseLong(fields[0]), Long.parseLong(fields[2]), Math::max);
                }
            }
            return new Gtid(Map.copyOf(byDomain), text == null ? "" : text);
        }

        @Override
        public boolean covers(Position other) {
            if (!(other instanceof Gtid gtid)) {
                return false;
            }
            for (Map.Entry<Long, Long> needed : gtid.sequenceByDomain.entrySet()) {
                Long have = sequenceByDomain.get(needed.getKey());
                if (have == null || have < needed.getValue()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
