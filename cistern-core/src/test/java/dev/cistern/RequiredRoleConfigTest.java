package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Issue 25: the {@code role} setting's bad inputs, each refused naming the setting and what is allowed. */
class RequiredRoleConfigTest {

    @Test
    void aRoleOtherThanAnyNeedsADatabaseWhoseServersCanBeAsked() {
        assertThatThrownBy(() -> PoolConfig.builder().jdbcUrl("jdbc:sqlite:app.db").role(RequiredRole.PRIMARY).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("role primary needs a PostgreSQL, MariaDB or MySQL jdbcUrl")
                .hasMessageContaining("was jdbc:sqlite:app.db")
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo("role"));
        assertThatThrownBy(() -> PoolConfig.builder().dataSource(new org.sqlite.SQLiteDataSource())
                .role(RequiredRole.REPLICA).build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("was none");
        assertThat(PoolConfig.builder().jdbcUrl("jdbc:sqlite:app.db").build().role()).isEqualTo(RequiredRole.ANY);
        assertThat(PoolConfig.builder().jdbcUrl("jdbc:postgresql://a:5432,b:5432/shop?targetServerType=primary")
                .role(RequiredRole.PRIMARY).build().role()).isEqualTo(RequiredRole.PRIMARY);
    }

    @Test
    void aRoleNotInTheListIsRefusedNamingTheChoices() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://db:5432/shop");
        p.setProperty("role", "leader");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role must be one of ANY, PRIMARY, REPLICA; was 'leader'");
        p.setProperty("role", "primary");
        assertThat(PoolConfig.fromProperties(p).role()).isEqualTo(RequiredRole.PRIMARY);
    }
}
