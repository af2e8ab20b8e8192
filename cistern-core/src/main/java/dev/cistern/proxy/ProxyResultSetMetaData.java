package dev.cistern.proxy;

import java.sql.ResultSetMetaData;

/**
 * Result-set metadata from a pooled connection. Some drivers (PgJDBC among them) query the connection
 * lazily from it, so it refuses use once the connection is gone, like every object the pool hands out;
 * all of it is the generated delegation.
 */
@GenerateDelegation(value = ResultSetMetaData.class, owner = ProxyConnection.class)
final class ProxyResultSetMetaData extends ResultSetMetaDataDelegation {

    ProxyResultSetMetaData(ProxyConnection connection, ResultSetMetaData delegate) {
        super(connection, delegate);
    }
}
