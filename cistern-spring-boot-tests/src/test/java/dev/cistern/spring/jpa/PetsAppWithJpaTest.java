package dev.cistern.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.CisternDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The whole JPA application on the starter: Hibernate and Spring Data over a Cistern pool. */
@SpringBootTest(properties = {"spring.flyway.enabled=false", "spring.main.web-application-type=none"})
class PetsAppWithJpaTest {
    @Autowired
    DataSource dataSource;
    @Autowired
    OwnerRepository owners;

    @Test
    void repositoriesStoreAndFindThroughTheCisternPool() {
        assertThat(dataSource).isInstanceOf(CisternDataSource.class);
        owners.save(new Owner("Franklin"));
        owners.save(new Owner("Davis"));
        assertThat(owners.findByLastName("Davis")).extracting(Owner::getLastName).containsExactly("Davis");
        CisternDataSource pool = (CisternDataSource) dataSource;
        assertThat(pool.stats().active()).as("every connection Hibernate borrowed came back").isZero();
        assertThat(pool.stats().total()).isPositive();
    }
}
