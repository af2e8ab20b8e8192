package dev.cistern.routing;

/** How a {@link RoutingDataSource} picks among the replicas that can serve a read. */
public enum ReplicaStrategy {
    /** In turn (in proportion to the weights, when they differ). */
    ROUND_ROBIN,
    /** At random (weighted). */
    RANDOM,
    /** The replica whose pool has the fewest connections in use plus borrowers waiting (per unit of weight). */
    LEAST_LOADED
}
