package dev.cistern.pool;

import java.util.concurrent.TimeUnit;

/** Writes a span of time for people: milliseconds below a second ("45 ms"), seconds above ("12.5 s"). */
final class Elapsed {
    private Elapsed() {
    }

    static String describe(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000 && millis % 1000 != 0) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 1000) + " s";
    }
}
