package dev.cistern.dialect;

import java.util.Locale;

/** The databases Cistern knows by name, recognised from the JDBC URL's sub-protocol. */
public enum DatabaseType {
    SQLITE("jdbc:sqlite:"),
    POSTGRESQL("jdbc:postgresql:"),
    MYSQL("jdbc:mysql:"),
    MARIADB("jdbc:mariadb:"),
    H2("jdbc:h2:"),
    ORACLE("jdbc:oracle:"),
    SQLSERVER("jdbc:sqlserver:"),
    UNKNOWN("");

    private final String urlPrefix;

    DatabaseType(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** {@return whether Cistern can ask this database's servers for their role (primary or read-only)} */
    public boolean knowsServerRoles() {
        return this == POSTGRESQL || this == MYSQL || this == MARIADB;
    }

    /** The type a JDBC URL names; {@link #UNKNOWN} for anything else (the generic rules still apply). */
    public static DatabaseType fromUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return UNKNOWN;
        }
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        // Wrappers such as jdbc:p6spy:mysql: or jdbc:tc:postgresql: name the real database second.
        for (DatabaseType type : values()) {
            if (type != UNKNOWN && url.startsWith(type.urlPrefix)) {
                return type;
            }
        }
        for (DatabaseType type : values()) {
            if (type != UNKNOWN && url.contains(":" + type.urlPrefix.substring("jdbc:".length()))) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
