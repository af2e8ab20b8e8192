/**
 * Cistern's core: the pooled DataSource. Only the API packages ({@code dev.cistern} and
 * {@code dev.cistern.routing}) are exported; the pool, proxies, dialects, resilience helpers, the settings
 * tables' machinery ({@code dev.cistern.settings}) and {@code dev.cistern.internal} are internal and may
 * change between releases.
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
