/**
 * Cistern's core: the pooled DataSource. Only the public API package is exported; the pool, proxies,
 * dialects, resilience helpers and {@code dev.cistern.internal} are internal and may change between
 * releases.
 */
module dev.cistern {
    requires transitive java.sql;
    requires java.management;
    requires java.naming; // dataSourceJNDI
    requires org.slf4j;
    // HdrHistogram's jar names no module, so its module name comes from the file name (HdrHistogram-x.y.z.jar).
    requires HdrHistogram;

    exports dev.cistern;
    exports dev.cistern.routing;
}
