package dev.cistern.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void recognisesDatabasesFromUrls() {
        assertThat(DatabaseType.fromUrl("jdbc:sqlite::memory:")).isEqualTo(DatabaseType.SQLITE);
        assertThat(DatabaseType.fromUrl("jdbc:postgresql://h/db")).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(DatabaseType.fromUrl("jdbc:mysql://h/db")).isEqualTo(DatabaseType.MYSQL);
        assertThat(DatabaseType.fromUrl("jdbc:mariadb://h/db")).isEqualTo(DatabaseType.MARIADB);
        assertThat(DatabaseType.fromUrl("jdbc:h2:mem:x")).isEqualTo(DatabaseType.H2);
        assertThat(DatabaseType.fromUrl("jdbc:oracle:thin:@h:1521:x")).isEqualTo(DatabaseType.ORACLE);
        assertThat(DatabaseType.fromUrl("jdbc:p6spy:postgresql://h/db")).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(DatabaseType.fromUrl("jdbc:stub:x")).isEqualTo(DatabaseType.UNKNOWN);
    }

    @Test
    void connectionClassSqlStatesAreFatalEverywhere() {
        for (DatabaseType type : DatabaseType.values()) {
            Dialect dialect = Dialect.forType(type);
            assertThat(dialect.isFatal(new SQLException("gone", "08006"))).as(type.name()).isTrue();
            assertThat(dialect.isFatal(new SQLException("syntax", "42601"))).as(type.name()).isFalse();
            assertThat(dialect.isFatal(new SQLRecoverableException("reconnect"))).as(type.name()).isTrue();
        }
    }

    /** What each database says when it is full, as its driver reports it; and what is not "full". */
    @Test
    void serverFullIsRecognisedPerDatabase() {
        Dialect postgres = Dialect.forType(DatabaseType.POSTGRESQL);
        for (String message : new String[] {"sorry, too many clients already",
                "remaining connection slots are reserved for roles with the SUPERUSER attribute",
                "too many connections for role \"app\"", "too many connections for database \"orders\""}) {
            assertThat(postgres.isServerFull(new SQLException("FATAL: " + message, "53300"))).as(message).isTrue();
        }
        assertThat(postgres.isServerFull(new SQLException("no more connections allowed (max_client_conn)", "08P01")))
                .as("PgBouncer").isTrue();
        assertThat(postgres.isServerFull(new SQLException("connection attempt failed",
                new SQLException("sorry, too many clients already", "53300")))).as("wrapped").isTrue();
        assertThat(postgres.isServerFull(new SQLException("Connection refused", "08001"))).isFalse();
        assertThat(postgres.isServerFull(new SQLException("password authentication failed", "28P01"))).isFalse();
        assertThat(postgres.isServerFull(new SQLException("the database system is starting up", "57P03"))).isFalse();

        for (DatabaseType type : new DatabaseType[] {DatabaseType.MARIADB, DatabaseType.MYSQL}) {
            Dialect mysql = Dialect.forType(type);
            assertThat(mysql.isServerFull(new SQLException("Too many connections", "08004", 1040))).as(type.name()).isTrue();
            assertThat(mysql.isServerFull(new SQLException("User app already has more than 'max_user_connections'"
                    + " active connections", "42000", 1203))).as(type.name()).isTrue();
            assertThat(mysql.isServerFull(new SQLException("Access denied for user", "28000", 1045))).isFalse();
        }
        Dialect oracle = Dialect.forType(DatabaseType.ORACLE);
        assertThat(oracle.isServerFull(new SQLException("ORA-00018: maximum number of sessions exceeded", "61000", 18))).isTrue();
        assertThat(oracle.isServerFull(new SQLException("ORA-00020: maximum number of processes exceeded", "61000", 20))).isTrue();
        assertThat(oracle.isServerFull(new SQLException("ORA-01040: invalid character in password", "72000", 1040)))
                .as("MySQL's code means something else to Oracle").isFalse();
        assertThat(Dialect.forType(DatabaseType.SQLSERVER).isServerFull(new SQLException(
                "Resource ID : 2. The session limit for the database is 300 and has been reached.", "S0001", 10928))).isTrue();
        assertThat(Dialect.forType(DatabaseType.UNKNOWN).isServerFull(new SQLException("too many clients", "53300")))
                .as("an unknown driver reporting PostgreSQL's state").isTrue();
        assertThat(Dialect.forType(DatabaseType.SQLITE).isServerFull(new SQLException("database is locked", "08001", 5)))
                .isFalse();
    }

    @Test
    void vendorRules() {
        Dialect postgres = Dialect.forType(DatabaseType.POSTGRESQL);
        assertThat(postgres.isFatal(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(postgres.isFatal(new SQLException("duplicate key", "23505"))).isFalse();

        Dialect mariadb = Dialect.forType(DatabaseType.MARIADB);
        assertThat(mariadb.isFatal(new SQLException("Connection was killed", "70100", 1927))).isTrue();
        assertThat(mariadb.isFatal(new SQLException("Duplicate entry", "23000", 1062))).isFalse();

        Dialect oracle = Dialect.forType(DatabaseType.ORACLE);
        assertThat(oracle.isFatal(new SQLException("ORA-00028: your session has been killed", "61000", 28))).isTrue();

        Dialect h2 = Dialect.forType(DatabaseType.H2);
        assertThat(h2.isFatal(new SQLException("Database is already closed", "90098", 90098))).isTrue();

        Dialect sqlite = Dialect.forType(DatabaseType.SQLITE);
        assertThat(sqlite.isFatal(new SQLException("[SQLITE_IOERR_READ]", null, 10 | (1 << 8)))).isTrue();
        assertThat(sqlite.isFatal(new SQLException("[SQLITE_BUSY]", null, 5))).isFalse();
    }

    @Test
    void looksThroughCausesAndNextExceptions() {
        Dialect dialect = Dialect.forType(DatabaseType.POSTGRESQL);
        SQLException batch = new SQLException("batch entry 0 failed", "22000");
        batch.setNextException(new SQLException("admin shutdown", "57P01"));
        assertThat(dialect.isFatal(batch)).isTrue();
        SQLException wrapped = new SQLException("wrapper", "HY000", new SQLException("io", "08001"));
        assertThat(dialect.isFatal(wrapped)).isTrue();
    }

    @Test
    void privateInMemorySqliteBecomesSharedPerPool() {
        Dialect sqlite = Dialect.forUrl("jdbc:sqlite::memory:");
        String first = sqlite.connectionUrl("jdbc:sqlite::memory:", "p1");
        String second = sqlite.connectionUrl("jdbc:sqlite::memory:", "p1");
        assertThat(first).startsWith("jdbc:sqlite:file:cistern-p1-").endsWith("?mode=memory&cache=shared");
        assertThat(second).isNotEqualTo(first);
        assertThat(sqlite.needsAnchorConnection("jdbc:sqlite::memory:")).isTrue();
        assertThat(sqlite.connectionUrl("jdbc:sqlite:/tmp/a.db", "p1")).isEqualTo("jdbc:sqlite:/tmp/a.db");
        assertThat(sqlite.needsAnchorConnection("jdbc:sqlite:/tmp/a.db")).isFalse();
    }
}
