package dev.cistern.spring.it.app;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders in one transaction each: all of a call's items, or (when it fails) none. */
@Service
public class OrderService {
    private final JdbcTemplate jdbc;

    public OrderService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void place(List<String> items, boolean failAfterInserting) {
        for (String item : items) {
            jdbc.update("insert into orders (item) values (?)", item);
        }
        if (failAfterInserting) {
            throw new IllegalStateException("payment declined");
        }
    }

    public List<String> items() {
        return jdbc.queryForList("select item from orders order by item", String.class);
    }
}
