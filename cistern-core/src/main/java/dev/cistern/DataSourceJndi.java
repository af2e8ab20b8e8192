package dev.cistern;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/** {@code dataSourceJNDI}, as HikariCP reads it: the {@link DataSource} bound under a name in JNDI. */
final class DataSourceJndi {
    private DataSourceJndi() {
    }

    static DataSource lookUp(String name) {
        Object found;
        try {
            InitialContext context = new InitialContext();
            try {
                found = context.lookup(name);
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new IllegalArgumentException("dataSourceJNDI '" + name + "' could not be looked up: "
                    + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : ""), e);
        }
        if (!(found instanceof DataSource)) {
            throw new IllegalArgumentException("dataSourceJNDI '" + name + "' names "
                    + (found == null ? "nothing" : "a " + found.getClass().getName()) + ", not a javax.sql.DataSource");
        }
        return (DataSource) found;
    }
}
