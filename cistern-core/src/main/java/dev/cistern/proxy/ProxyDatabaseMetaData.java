package dev.cistern.proxy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Database metadata from a pooled connection: {@link #getConnection()} gives the pooled connection, and
 * the result sets it returns are wrapped, so the physical connection stays out of reach. Like everything
 * the pool hands out it refuses use once its connection is closed, reclaimed or evicted. Used by one
 * thread at a time.
 */
@GenerateDelegation(value = DatabaseMetaData.class, owner = ProxyConnection.class, wrap = ResultSet.class)
public final class ProxyDatabaseMetaData extends DatabaseMetaDataDelegation {

    ProxyDatabaseMetaData(ProxyConnection connection, DatabaseMetaData delegate) {
        super(connection, delegate);
    }

    /** Metadata result sets have no statement: {@code getStatement()} answers null, as JDBC allows. */
    @Override
    ResultSet wrap(ResultSet resultSet) {
        return resultSet == null ? null : new ProxyResultSet(connection, null, resultSet);
    }

    @Override
    public Connection getConnection() throws SQLException {
        connection.checkOpen();
        return connection;
    }
}
