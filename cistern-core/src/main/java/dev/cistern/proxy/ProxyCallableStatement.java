package dev.cistern.proxy;

import java.sql.CallableStatement;

/**
 * A callable statement lent with a pooled connection; see {@link ProxyStatement} for what the wrapper adds.
 * Everything beyond that is the generated delegation. Used by one thread at a time.
 */
@GenerateDelegation(value = CallableStatement.class, owner = ProxyConnection.class, base = ProxyPreparedStatement.class)
public final class ProxyCallableStatement extends CallableStatementDelegation {

    ProxyCallableStatement(ProxyConnection connection, CallableStatement delegate) {
        super(connection, delegate);
    }
}
