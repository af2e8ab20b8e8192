package dev.cistern.dashboard;

import dev.cistern.CisternDataSource;
import dev.cistern.LeakReport;
import dev.cistern.PoolHealth;
import dev.cistern.ScaleDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON answers of {@code /api/stats} and {@code /health}, as maps and lists for {@link Json}. */
final class StatsJson {
    private StatsJson() {
    }

    static List<PrometheusExposition.Snapshot> snapshots(List<CisternDataSource> pools) {
        List<PrometheusExposition.Snapshot> snapshots = new ArrayList<>(pools.size());
        for (CisternDataSource pool : pools) {
            snapshots.add(new PrometheusExposition.Snapshot(pool.poolName(), pool.stats(), pool.health()));
        }
        return snapshots;
    }

    /** The worst status among the pools: DOWN if any is down, else DEGRADED if any is, else UP. */
    static PoolHealth.Status worst(List<PrometheusExposition.Snapshot> snapshots) {
        PoolHealth.Status worst = PoolHealth.Status.UP;
        for (PrometheusExposition.Snapshot snapshot : snapshots) {
            if (snapshot.health().status().compareTo(worst) > 0) {
                worst = snapshot.health().status();
            }
        }
        return worst;
    }

    static Map<String, Object> health(List<PrometheusExposition.Snapshot> snapshots, PoolHealth.Status worst) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", worst.name());
        List<Object> pools = new ArrayList<>();
        for (PrometheusExposition.Snapshot snapshot : snapshots) {
            pools.add(health(snapshot.name(), snapshot.health()));
        }
        answer.put("pools", pools);
        return answer;
    }

    static Map<String, Object> health(String name, PoolHealth health) {
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("name", name);
        pool.put("status", health.status().name());
        pool.put("reasons", health.reasons());
        return pool;
    }

    static Map<String, Object> stats(List<CisternDataSource> pools) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("time_ms", System.currentTimeMillis());
        List<Object> all = new ArrayList<>();
        for (CisternDataSource pool : pools) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", pool.poolName());
            one.put("health", health(pool.poolName(), pool.health()));
            one.put("stats", pool.stats().toMap());
            one.put("leaks", leaks(pool.leaks()));
            one.put("scale_decisions", decisions(pool.scaleDecisions()));
            all.add(one);
        }
        answer.put("pools", all);
        return answer;
    }

    private static List<Object> leaks(List<LeakReport> reports) {
        List<Object> leaks = new ArrayList<>(reports.size());
        for (LeakReport report : reports) {
            Map<String, Object> leak = new LinkedHashMap<>();
            leak.put("thread", report.threadName());
            leak.put("held_ms", report.heldFor().toMillis());
            List<String> stack = new ArrayList<>(report.borrowedAt().size());
            for (StackTraceElement frame : report.borrowedAt()) {
                stack.add(frame.toString());
            }
            leak.put("stack", stack);
            leaks.add(leak);
        }
        return leaks;
    }

    private static List<Object> decisions(List<ScaleDecision> decisions) {
        List<Object> list = new ArrayList<>(decisions.size());
        for (ScaleDecision decision : decisions) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("at", decision.at().toString());
            one.put("from", decision.from());
            one.put("to", decision.to());
            one.put("reason", decision.reason());
            list.add(one);
        }
        return list;
    }
}
