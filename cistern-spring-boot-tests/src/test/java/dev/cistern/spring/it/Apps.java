package dev.cistern.spring.it;

import dev.cistern.spring.it.app.OrdersApp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts {@link OrdersApp} (or another configuration) with the given properties, as its own application. */
final class Apps {
    private Apps() {
    }

    /** A web application on a free port; {@code local.server.port} says which. */
    /** {@return the property that points an app at a SQLite file in {@code dir}} */
    static String sqliteUrl(java.nio.file.Path dir) {
        return "spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db");
    }

    static ConfigurableApplicationContext web(String... properties) {
        return start(OrdersApp.class, true, properties);
    }

    /** Without a web server. */
    static ConfigurableApplicationContext plain(Class<?> configuration, String... properties) {
        return start(configuration, false, properties);
    }

    private static ConfigurableApplicationContext start(Class<?> configuration, boolean web, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add(web ? "server.port=0" : "spring.main.web-application-type=none");
        return new SpringApplicationBuilder(configuration).properties(all.toArray(String[]::new)).run();
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
