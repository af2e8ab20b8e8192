package dev.cistern.cli;

import dev.cistern.PoolConfig;
import dev.cistern.internal.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every command that opens a pool shares: which database, as whom, and how many connections. */
final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "jdbc:sqlite::memory:",
            description = "Database to use (default: ${DEFAULT-VALUE}, an in-memory SQLite database).")
    String jdbcUrl;

    @Option(names = "--user", paramLabel = "NAME", description = "Database user; the password is read from"
            + " the CISTERN_DB_PASSWORD environment variable, never from the command line.")
    String user;

    @Option(names = "--pool-size", paramLabel = "N", defaultValue = "5",
            description = "maximumPoolSize, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int poolSize;

    /** Throws a usage error naming the option when a value is out of range. */
    void validate(CommandLine commandLine) {
        if (poolSize < 1 || poolSize > 10_000) {
            throw new CommandLine.ParameterException(commandLine, "--pool-size must be between 1 and 10000; was " + poolSize);
        }
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new CommandLine.ParameterException(commandLine, "--db must be a JDBC URL starting with 'jdbc:'; was '"
                    + Secrets.maskUrl(jdbcUrl) + "'");
        }
        try {
            java.sql.DriverManager.getDriver(url());
        } catch (java.sql.SQLException e) {
            throw new CommandLine.ParameterException(commandLine, "--db: no JDBC driver here accepts '"
                    + Secrets.maskUrl(jdbcUrl) + "'; bundled: SQLite (jdbc:sqlite:), PostgreSQL (jdbc:postgresql:),"
                    + " MariaDB and MySQL (jdbc:mariadb:, jdbc:mysql:)");
        }
    }

    /**
     * The URL to connect with: a {@code jdbc:mysql:} URL gets MariaDB Connector/J's {@code permitMysqlScheme}, so
     * the bundled MariaDB driver serves MySQL (MySQL's own driver is GPL-licensed and not bundled).
     */
    String url() {
        if (jdbcUrl.startsWith("jdbc:mysql:") && !jdbcUrl.contains("permitMysqlScheme")) {
            return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
        return jdbcUrl;
    }

    /**
     * A pool configuration for these options, with latency recording on (an operator's tool shows the
     * percentiles); the caller adds what its command needs.
     */
    PoolConfig.Builder pool(String poolName) {
        return PoolConfig.builder()
                .jdbcUrl(url())
                .username(user)
                .password(System.getenv("CISTERN_DB_PASSWORD"))
                .poolName(poolName)
                .maximumPoolSize(poolSize)
                .metricsLatency(true);
    }
}
