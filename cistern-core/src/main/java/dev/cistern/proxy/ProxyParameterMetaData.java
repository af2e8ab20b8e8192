package dev.cistern.proxy;

import java.sql.ParameterMetaData;

/**
 * Parameter metadata from a pooled connection; like {@link ProxyResultSetMetaData}, it may reach the
 * connection lazily in some drivers, so it refuses use once the connection is gone. All of it is the
 * generated delegation.
 */
@GenerateDelegation(value = ParameterMetaData.class, owner = ProxyConnection.class)
final class ProxyParameterMetaData extends ParameterMetaDataDelegation {

    ProxyParameterMetaData(ProxyConnection connection, ParameterMetaData delegate) {
        super(connection, delegate);
    }
}
