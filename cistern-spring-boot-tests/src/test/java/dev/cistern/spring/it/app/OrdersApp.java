package dev.cistern.spring.it.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application as users write them: Boot's auto-configuration, a JdbcTemplate, a transactional
 * service, Flyway migrations under db/migration. Its DataSource is whatever the starter makes of the
 * properties each test gives.
 */
@SpringBootApplication
public class OrdersApp {
}
