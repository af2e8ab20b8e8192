package dev.cistern.testkit.stub;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/** Every connection method unsupported; {@link StubConnection} overrides what tests use. */
@SuppressWarnings("deprecation")
abstract class UnsupportedConnection implements Connection {

    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("stub driver: " + method + " is not supported");
    }

    @Override
    public Statement createStatement() throws SQLException {
        throw unsupported("createStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw unsupported("prepareCall");
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        throw unsupported("nativeSQL");
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        throw unsupported("setAutoCommit");
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        throw unsupported("getAutoCommit");
    }

    @Override
    public void commit() throws SQLException {
        throw unsupported("commit");
    }

    @Override
    public void rollback() throws SQLException {
        throw unsupported("rollback");
    }

    @Override
    public void close() throws SQLException {
        throw unsupported("close");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw unsupported("isClosed");
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        throw unsupported("getMetaData");
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        throw unsupported("setReadOnly");
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        throw unsupported("isReadOnly");
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        throw unsupported("setCatalog");
    }

    @Override
    public String getCatalog() throws SQLException {
        throw unsupported("getCatalog");
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        throw unsupported("setTransactionIsolation");
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        throw unsupported("getTransactionIsolation");
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        throw unsupported("getWarnings");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw unsupported("clearWarnings");
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        throw unsupported("createStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw unsupported("prepareCall");
    }

    @Override
    public java.util.Map<String,Class<?>> getTypeMap() throws SQLException {
        throw unsupported("getTypeMap");
    }

    @Override
    public void setTypeMap(java.util.Map<String,Class<?>> map) throws SQLException {
        throw unsupported("setTypeMap");
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        throw unsupported("setHoldability");
    }

    @Override
    public int getHoldability() throws SQLException {
        throw unsupported("getHoldability");
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw unsupported("setSavepoint");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw unsupported("setSavepoint");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw unsupported("rollback");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw unsupported("releaseSavepoint");
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw unsupported("createStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw unsupported("prepareCall");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public Clob createClob() throws SQLException {
        throw unsupported("createClob");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw unsupported("createBlob");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw unsupported("createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw unsupported("createSQLXML");
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        throw unsupported("isValid");
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        throw unsupported("getClientInfo");
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        throw unsupported("getClientInfo");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw unsupported("createArrayOf");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw unsupported("createStruct");
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        throw unsupported("setSchema");
    }

    @Override
    public String getSchema() throws SQLException {
        throw unsupported("getSchema");
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        throw unsupported("abort");
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        throw unsupported("setNetworkTimeout");
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        throw unsupported("getNetworkTimeout");
    }
}
