package dev.cistern.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order in which a read tries the replicas: the strategy's first choice, then the others (so a replica
 * that cannot serve costs one step, not the read). Weights count: a replica of weight 3 is first three
 * times as often as one of weight 1. Thread-safe; round robin is one atomic increment per read.
 */
final class ReplicaChooser {
    private final ReplicaStrategy strategy;
    private final List<Replica> replicas;
    /** Round robin's cycle: each replica's index as often as its weight, spread out (smooth weighted order). */
    private final int[] cycle;
    private final AtomicLong turn = new AtomicLong();
    private final int totalWeight;

    ReplicaChooser(ReplicaStrategy strategy, List<Replica> replicas) {
        this.strategy = strategy;
        this.replicas = List.copyOf(replicas);
        this.totalWeight = replicas.stream().mapToInt(r -> r.weight).sum();
        this.cycle = smoothCycle(this.replicas, totalWeight);
    }

    /** Nginx's smooth weighted round robin, laid out once: weights 5,1,1 give a,a,b,a,c,a,a rather than a×5,b,c. */
    private static int[] smoothCycle(List<Replica> replicas, int totalWeight) {
        int[] current = new int[replicas.size()];
        int[] cycle = new int[totalWeight];
        for (int step = 0; step < totalWeight; step++) {
            int best = 0;
            for (int i = 0; i < replicas.size(); i++) {
                current[i] += replicas.get(i).weight;
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= totalWeight;
            cycle[step] = best;
        }
        return cycle;
    }

    List<Replica> order() {
        int first;
        switch (strategy) {
            case ROUND_ROBIN:
                first = cycle[(int) Math.floorMod(turn.getAndIncrement(), (long) cycle.length)];
                break;
            case RANDOM:
                first = weightedRandom();
                break;
            default:
                List<Replica> byLoad = new ArrayList<>(replicas);
                byLoad.sort(Comparator.comparingDouble(Replica::load));
                return byLoad;
        }
        List<Replica> order = new ArrayList<>(replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            order.add(replicas.get((first + i) % replicas.size()));
        }
        return order;
    }

    private int weightedRandom() {
        int pick = ThreadLocalRandom.current().nextInt(totalWeight);
        for (int i = 0; i < replicas.size(); i++) {
            pick -= replicas.get(i).weight;
            if (pick < 0) {
                return i;
            }
        }
        return replicas.size() - 1;
    }
}
