package dev.cistern.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table of settings, in the order the docs list them, and the names a properties file may give them: each
 * row's key and other spelling, written as properties files, Spring's relaxed binding and environment
 * variables write them ({@code maximum-pool-size}, {@code MAXIMUMPOOLSIZE}, {@code circuit-breaker.enabled}).
 * The pool's table is {@code dev.cistern.Settings}, routing's {@code dev.cistern.routing.RoutingSettings}.
 * Rows are added while the declaring class initialises; the table is only read after that.
 */
public final class SettingTable {
    private final List<Setting<?>> rows = new ArrayList<>();
    /** Built at the first look-up, once every row is declared; immutable, so a racing second build is harmless. */
    private volatile Map<String, Setting<?>> byRelaxedName;
    private String section = "";

    /** Rows added from now on are listed in this docs section. */
    public void section(String name) {
        this.section = name;
    }

    /** {@return a new row, at the end of the table (chain its range, runtime column and so on)} */
    public <T> Setting<T> add(String key, Kind<T> kind, T defaultValue, String doc) {
        Setting<T> setting = new Setting<>(rows.size(), key, kind, defaultValue, section, doc);
        rows.add(setting);
        return setting;
    }

    /** {@return every row, in the table's order} */
    public List<Setting<?>> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** {@return the row a name means, written in any spelling a properties file may use; null for none} */
    public Setting<?> find(String written) {
        Map<String, Setting<?>> index = byRelaxedName;
        if (index == null) {
            Map<String, Setting<?>> built = new HashMap<>();
            for (Setting<?> row : rows) {
                built.put(relaxed(row.key), row);
                if (row.alias() != null) {
                    built.put(relaxed(row.alias()), row);
                }
            }
            index = Map.copyOf(built);
            byRelaxedName = index;
        }
        return index.get(relaxed(written));
    }

    /** {@return the name as the docs spell it ({@code maximum-pool-size} gives {@code maximumPoolSize}); null for none} */
    public String spelling(String written) {
        Setting<?> row = find(written);
        if (row == null) {
            return null;
        }
        return row.alias() != null && relaxed(row.alias()).equals(relaxed(written)) ? row.alias() : row.key;
    }

    /** {@return the known name closest to one that matched nothing, or null when none is near enough to be meant} */
    public static String closest(String written, Collection<String> names) {
        String given = relaxed(written);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String name : names) {
            int distance = editDistance(given, relaxed(name));
            if (distance < best || (distance == best && name.compareTo(closest) < 0)) {
                best = distance;
                closest = name;
            }
        }
        return best <= Math.max(2, given.length() / 2) ? closest : null;
    }

    /** {@return a name with dashes and underscores dropped, in lower case: how names are matched} */
    public static String relaxed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance: the fewest single-character edits from one name to the other. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
