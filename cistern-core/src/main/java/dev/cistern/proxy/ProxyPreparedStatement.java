package dev.cistern.proxy;

import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;

/**
 * A prepared statement lent with a pooled connection; see {@link ProxyStatement} for what the wrapper
 * adds. Its metadata is wrapped too, since some drivers query the connection lazily from it. Used by one
 * thread at a time.
 */
@GenerateDelegation(value = PreparedStatement.class, owner = ProxyConnection.class, base = ProxyStatement.class,
        work = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate"},
        wrap = {ResultSet.class, ResultSetMetaData.class, ParameterMetaData.class})
class ProxyPreparedStatement extends PreparedStatementDelegation {

    ProxyPreparedStatement(ProxyConnection connection, PreparedStatement delegate) {
        super(connection, delegate);
    }

    @Override
    final ResultSetMetaData wrap(ResultSetMetaData metaData) {
        return metaData == null ? null : new ProxyResultSetMetaData(connection, metaData);
    }

    @Override
    final ParameterMetaData wrap(ParameterMetaData metaData) {
        return metaData == null ? null : new ProxyParameterMetaData(connection, metaData);
    }
}
