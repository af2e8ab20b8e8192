package dev.cistern.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures {@code cistern size --from-stats} models from, read from a pool's statistics as Cistern writes
 * them ({@code PoolStats.toMap()}): in the dashboard's {@code /api/stats}, {@code cistern load --json}
 * or {@code cistern simulate}. The recent figures are preferred (they cover the same span as
 * {@code borrows_per_second}); the figures since start are the fallback. From a {@code cistern load --json}
 * report the load's own figures are taken (throughput, mean query time, checkout p99), which leave out the
 * warm-up that the pool's statistics include.
 *
 * @param name              the pool's name, or "-" when the file does not say
 * @param borrowsPerSecond  the arrival rate of borrows
 * @param useMillis         the mean time a borrower holds a connection
 * @param waitP99Millis     the measured p99 wait, or -1 when absent
 * @param poolSize          the pool's maximum size then, or 0 when absent
 */
record PoolFigures(String name, double borrowsPerSecond, double useMillis, double waitP99Millis, int poolSize) {

    static PoolFigures read(Path file, String wantedPool) {
        JsonNode root = readJson(file);
        if ("load".equals(root.path("kind").asText()) && root.path("query_ms").has("mean")) {
            // A load report: its own figures cover the measured span only; the pool's include the warm-up.
            return new PoolFigures("load", root.path("throughput_per_s").asDouble(),
                    root.path("query_ms").path("mean").asDouble(), root.path("checkout_ms").path("p99").asDouble(),
                    root.path("pool_size").asInt());
        }
        List<JsonNode> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        collect(root, null, found, names);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("--from-stats " + file + " holds no pool statistics (an object with"
                    + " borrows_per_second, as /api/stats, 'cistern load --json' or 'simulate' write)");
        }
        int index = 0;
        if (wantedPool != null) {
            index = names.indexOf(wantedPool);
            if (index < 0) {
                throw new IllegalArgumentException("--pool " + wantedPool + " is not in " + file + "; it has " + names);
            }
        } else if (found.size() > 1) {
            throw new IllegalArgumentException("--from-stats " + file + " has " + found.size() + " pools " + names
                    + "; choose one with --pool");
        }
        JsonNode stats = found.get(index);
        double use = number(stats, "recent_use_mean_ms", number(stats, "use_mean_ms", -1));
        if (use < 0) {
            throw new IllegalArgumentException("--from-stats " + file + " has no use time: the pool must record"
                    + " latency (metrics.latency=true)");
        }
        double rate = number(stats, "borrows_per_second", 0);
        if (rate <= 0 || use <= 0) {
            throw new IllegalArgumentException("--from-stats " + file + ": the pool lent nothing in its recent span"
                    + " (borrows_per_second " + rate + ", use " + use + " ms); take the statistics under load");
        }
        return new PoolFigures(names.get(index), rate, use,
                number(stats, "recent_wait_p99_ms", number(stats, "wait_p99_ms", -1)),
                (int) number(stats, "maximum_pool_size", 0));
    }

    /** Every object that looks like pool statistics, with the name its parent gives it ("-" when none). */
    private static void collect(JsonNode node, String name, List<JsonNode> found, List<String> names) {
        if (node.isObject()) {
            if (node.has("borrows_per_second")) {
                found.add(node);
                names.add(name != null ? name : "-");
                return;
            }
            String here = name;
            for (String key : new String[] {"name", "pool_name", "pool"}) {
                if (node.hasNonNull(key) && node.get(key).isTextual()) {
                    here = node.get(key).asText();
                    break;
                }
            }
            String parentName = here;
            node.fields().forEachRemaining(field -> collect(field.getValue(), parentName, found, names));
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, name, found, names));
        }
    }

    private static double number(JsonNode stats, String field, double otherwise) {
        JsonNode value = stats.get(field);
        return value != null && value.isNumber() ? value.asDouble() : otherwise;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pool", name);
        map.put("borrows_per_second", borrowsPerSecond);
        map.put("use_mean_ms", useMillis);
        map.put("wait_p99_ms", waitP99Millis >= 0 ? waitP99Millis : null);
        map.put("pool_size", poolSize > 0 ? poolSize : null);
        return map;
    }

    /** The file as JSON; a missing, unreadable or malformed file is bad input. */
    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("--from-stats file not found or not readable: " + file);
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--from-stats " + file + " is not JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
