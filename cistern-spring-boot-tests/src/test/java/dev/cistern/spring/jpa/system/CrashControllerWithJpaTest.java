package dev.cistern.spring.jpa.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * What Petclinic's {@code CrashControllerIntegrationTests} does: a nested application that excludes Boot's
 * DataSource, transaction manager and Hibernate auto-configurations to say "no database here", in a JPA
 * application. With the starter on the class path it must start, with no DataSource at all; before, the
 * starter made a pool anyway and Spring Data's JPA repositories failed for want of an EntityManagerFactory.
 * Boot 3.5's and 4.0's class names (and error-page property) are both given; Boot ignores an excluded name
 * that is not on the class path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.error.include-message=ALWAYS", "spring.web.error.include-message=ALWAYS",
                "management.endpoints.access.default=none"})
class CrashControllerWithJpaTest {
    @Value("${local.server.port}")
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void theAppStartsWithNoDataSourceAndServesItsErrorPage() throws Exception {
        assertThat(context.getBeansOfType(DataSource.class)).as("excluding Boot's DataSource means none").isEmpty();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oups"))
                        .header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Expected: controller used to showcase what happens when an exception is thrown");
    }

    @SpringBootApplication(excludeName = {
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"})
    static class TestConfiguration {
    }
}
