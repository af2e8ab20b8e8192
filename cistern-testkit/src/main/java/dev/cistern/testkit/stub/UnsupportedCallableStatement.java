package dev.cistern.testkit.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/** Every statement method unsupported; the stub statements override what tests use. */
@SuppressWarnings("deprecation")
abstract class UnsupportedCallableStatement implements CallableStatement {

    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("stub driver: " + method + " is not supported");
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public boolean wasNull() throws SQLException {
        throw unsupported("wasNull");
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        throw unsupported("getString");
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        throw unsupported("getBoolean");
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        throw unsupported("getByte");
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        throw unsupported("getShort");
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        throw unsupported("getInt");
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        throw unsupported("getLong");
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        throw unsupported("getFloat");
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        throw unsupported("getDouble");
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        throw unsupported("getBytes");
    }

    @Override
    public java.sql.Date getDate(int parameterIndex) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Time getTime(int parameterIndex) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public Object getObject(int parameterIndex, java.util.Map<String,Class<?>> map) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        throw unsupported("getBlob");
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        throw unsupported("getClob");
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public java.sql.Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public java.net.URL getURL(int parameterIndex) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public void setURL(String parameterName, java.net.URL val) throws SQLException {
        throw unsupported("setURL");
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        throw unsupported("setBoolean");
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        throw unsupported("setByte");
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        throw unsupported("setShort");
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        throw unsupported("setInt");
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        throw unsupported("setLong");
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        throw unsupported("setFloat");
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        throw unsupported("setDouble");
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        throw unsupported("setBigDecimal");
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        throw unsupported("setString");
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        throw unsupported("setBytes");
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, int length) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x, Calendar cal) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x, Calendar cal) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x, Calendar cal) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        throw unsupported("getString");
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        throw unsupported("getBoolean");
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        throw unsupported("getByte");
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        throw unsupported("getShort");
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        throw unsupported("getInt");
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        throw unsupported("getLong");
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        throw unsupported("getFloat");
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        throw unsupported("getDouble");
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        throw unsupported("getBytes");
    }

    @Override
    public java.sql.Date getDate(String parameterName) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Time getTime(String parameterName) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public Object getObject(String parameterName, java.util.Map<String,Class<?>> map) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        throw unsupported("getBlob");
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        throw unsupported("getClob");
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public java.sql.Date getDate(String parameterName, Calendar cal) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public java.sql.Time getTime(String parameterName, Calendar cal) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public java.net.URL getURL(String parameterName) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        throw unsupported("setRowId");
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        throw unsupported("setNString");
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        throw unsupported("setSQLXML");
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        throw unsupported("getSQLXML");
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        throw unsupported("getSQLXML");
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        throw unsupported("getNString");
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        throw unsupported("getNString");
    }

    @Override
    public java.io.Reader getNCharacterStream(int parameterIndex) throws SQLException {
        throw unsupported("getNCharacterStream");
    }

    @Override
    public java.io.Reader getNCharacterStream(String parameterName) throws SQLException {
        throw unsupported("getNCharacterStream");
    }

    @Override
    public java.io.Reader getCharacterStream(int parameterIndex) throws SQLException {
        throw unsupported("getCharacterStream");
    }

    @Override
    public java.io.Reader getCharacterStream(String parameterName) throws SQLException {
        throw unsupported("getCharacterStream");
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, long length) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        throw unsupported("executeQuery");
    }

    @Override
    public int executeUpdate() throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        throw unsupported("setBoolean");
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        throw unsupported("setByte");
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        throw unsupported("setShort");
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        throw unsupported("setInt");
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        throw unsupported("setLong");
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        throw unsupported("setFloat");
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        throw unsupported("setDouble");
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        throw unsupported("setBigDecimal");
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        throw unsupported("setString");
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        throw unsupported("setBytes");
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        throw unsupported("setUnicodeStream");
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void clearParameters() throws SQLException {
        throw unsupported("clearParameters");
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public boolean execute() throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public void addBatch() throws SQLException {
        throw unsupported("addBatch");
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw unsupported("setRef");
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        throw unsupported("setArray");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        throw unsupported("getMetaData");
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
        throw unsupported("setDate");
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
        throw unsupported("setTime");
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
        throw unsupported("setTimestamp");
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        throw unsupported("setNull");
    }

    @Override
    public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
        throw unsupported("setURL");
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw unsupported("getParameterMetaData");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw unsupported("setRowId");
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        throw unsupported("setNString");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        throw unsupported("setSQLXML");
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        throw unsupported("setObject");
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        throw unsupported("setAsciiStream");
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        throw unsupported("setBinaryStream");
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
        throw unsupported("setCharacterStream");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        throw unsupported("setNCharacterStream");
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        throw unsupported("setClob");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        throw unsupported("setBlob");
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        throw unsupported("setNClob");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw unsupported("executeQuery");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public void close() throws SQLException {
        throw unsupported("close");
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        throw unsupported("getMaxFieldSize");
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        throw unsupported("setMaxFieldSize");
    }

    @Override
    public int getMaxRows() throws SQLException {
        throw unsupported("getMaxRows");
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        throw unsupported("setMaxRows");
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        throw unsupported("setEscapeProcessing");
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        throw unsupported("getQueryTimeout");
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        throw unsupported("setQueryTimeout");
    }

    @Override
    public void cancel() throws SQLException {
        throw unsupported("cancel");
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
    public void setCursorName(String name) throws SQLException {
        throw unsupported("setCursorName");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        throw unsupported("getResultSet");
    }

    @Override
    public int getUpdateCount() throws SQLException {
        throw unsupported("getUpdateCount");
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        throw unsupported("getMoreResults");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        throw unsupported("setFetchDirection");
    }

    @Override
    public int getFetchDirection() throws SQLException {
        throw unsupported("getFetchDirection");
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        throw unsupported("setFetchSize");
    }

    @Override
    public int getFetchSize() throws SQLException {
        throw unsupported("getFetchSize");
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        throw unsupported("getResultSetConcurrency");
    }

    @Override
    public int getResultSetType() throws SQLException {
        throw unsupported("getResultSetType");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw unsupported("addBatch");
    }

    @Override
    public void clearBatch() throws SQLException {
        throw unsupported("clearBatch");
    }

    @Override
    public int[] executeBatch() throws SQLException {
        throw unsupported("executeBatch");
    }

    @Override
    public Connection getConnection() throws SQLException {
        throw unsupported("getConnection");
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        throw unsupported("getMoreResults");
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        throw unsupported("getGeneratedKeys");
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw unsupported("executeUpdate");
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw unsupported("execute");
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        throw unsupported("getResultSetHoldability");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw unsupported("isClosed");
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        throw unsupported("setPoolable");
    }

    @Override
    public boolean isPoolable() throws SQLException {
        throw unsupported("isPoolable");
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        throw unsupported("closeOnCompletion");
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        throw unsupported("isCloseOnCompletion");
    }
}
