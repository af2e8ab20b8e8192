package dev.cistern.proxy;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement lent with a pooled connection; see {@link ProxyStatement} for what the wrapper
 * adds. Used by one thread at a time.
 */
@SuppressWarnings("deprecation")
public final class ProxyCallableStatement extends ProxyPreparedStatement implements CallableStatement {
    private final CallableStatement delegate;

    ProxyCallableStatement(ProxyConnection connection, CallableStatement delegate) {
        super(connection, delegate);
        this.delegate = delegate;
    }

    // ---- plain delegation: errors pass through checkException so a dead connection is noticed ----------

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        try {
            delegate.registerOutParameter(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        try {
            delegate.registerOutParameter(parameterIndex, sqlType, scale);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        try {
            return delegate.wasNull();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        try {
            return delegate.getString(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        try {
            return delegate.getBoolean(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        try {
            return delegate.getByte(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        try {
            return delegate.getShort(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        try {
            return delegate.getInt(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        try {
            return delegate.getLong(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        try {
            return delegate.getFloat(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        try {
            return delegate.getDouble(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        try {
            return delegate.getBigDecimal(parameterIndex, scale);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        try {
            return delegate.getBytes(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Date getDate(int parameterIndex) throws SQLException {
        try {
            return delegate.getDate(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Time getTime(int parameterIndex) throws SQLException {
        try {
            return delegate.getTime(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex) throws SQLException {
        try {
            return delegate.getTimestamp(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        try {
            return delegate.getObject(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        try {
            return delegate.getBigDecimal(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex, java.util.Map<String,Class<?>> map) throws SQLException {
        try {
            return delegate.getObject(parameterIndex, map);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        try {
            return delegate.getRef(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        try {
            return delegate.getBlob(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        try {
            return delegate.getClob(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        try {
            return delegate.getArray(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return delegate.getDate(parameterIndex, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return delegate.getTime(parameterIndex, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return delegate.getTimestamp(parameterIndex, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        try {
            delegate.registerOutParameter(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        try {
            delegate.registerOutParameter(parameterName, sqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        try {
            delegate.registerOutParameter(parameterName, sqlType, scale);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            delegate.registerOutParameter(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.net.URL getURL(int parameterIndex) throws SQLException {
        try {
            return delegate.getURL(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setURL(String parameterName, java.net.URL val) throws SQLException {
        try {
            delegate.setURL(parameterName, val);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        try {
            delegate.setNull(parameterName, sqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        try {
            delegate.setBoolean(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        try {
            delegate.setByte(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        try {
            delegate.setShort(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        try {
            delegate.setInt(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        try {
            delegate.setLong(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        try {
            delegate.setFloat(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        try {
            delegate.setDouble(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        try {
            delegate.setBigDecimal(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        try {
            delegate.setString(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        try {
            delegate.setBytes(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x) throws SQLException {
        try {
            delegate.setDate(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x) throws SQLException {
        try {
            delegate.setTime(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x) throws SQLException {
        try {
            delegate.setTimestamp(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate.setAsciiStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate.setBinaryStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        try {
            delegate.setObject(parameterName, x, targetSqlType, scale);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        try {
            delegate.setObject(parameterName, x, targetSqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        try {
            delegate.setObject(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, int length) throws SQLException {
        try {
            delegate.setCharacterStream(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x, Calendar cal) throws SQLException {
        try {
            delegate.setDate(parameterName, x, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x, Calendar cal) throws SQLException {
        try {
            delegate.setTime(parameterName, x, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x, Calendar cal) throws SQLException {
        try {
            delegate.setTimestamp(parameterName, x, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            delegate.setNull(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        try {
            return delegate.getString(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        try {
            return delegate.getBoolean(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        try {
            return delegate.getByte(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        try {
            return delegate.getShort(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        try {
            return delegate.getInt(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        try {
            return delegate.getLong(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        try {
            return delegate.getFloat(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        try {
            return delegate.getDouble(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        try {
            return delegate.getBytes(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Date getDate(String parameterName) throws SQLException {
        try {
            return delegate.getDate(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Time getTime(String parameterName) throws SQLException {
        try {
            return delegate.getTime(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName) throws SQLException {
        try {
            return delegate.getTimestamp(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        try {
            return delegate.getObject(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        try {
            return delegate.getBigDecimal(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getObject(String parameterName, java.util.Map<String,Class<?>> map) throws SQLException {
        try {
            return delegate.getObject(parameterName, map);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        try {
            return delegate.getRef(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        try {
            return delegate.getBlob(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        try {
            return delegate.getClob(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        try {
            return delegate.getArray(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Date getDate(String parameterName, Calendar cal) throws SQLException {
        try {
            return delegate.getDate(parameterName, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Time getTime(String parameterName, Calendar cal) throws SQLException {
        try {
            return delegate.getTime(parameterName, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        try {
            return delegate.getTimestamp(parameterName, cal);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.net.URL getURL(String parameterName) throws SQLException {
        try {
            return delegate.getURL(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        try {
            return delegate.getRowId(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        try {
            return delegate.getRowId(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        try {
            delegate.setRowId(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        try {
            delegate.setNString(parameterName, value);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        try {
            delegate.setNCharacterStream(parameterName, value, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        try {
            delegate.setNClob(parameterName, value);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            delegate.setClob(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        try {
            delegate.setBlob(parameterName, inputStream, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            delegate.setNClob(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        try {
            return delegate.getNClob(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        try {
            return delegate.getNClob(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        try {
            delegate.setSQLXML(parameterName, xmlObject);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        try {
            return delegate.getSQLXML(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        try {
            return delegate.getSQLXML(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        try {
            return delegate.getNString(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        try {
            return delegate.getNString(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(int parameterIndex) throws SQLException {
        try {
            return delegate.getNCharacterStream(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String parameterName) throws SQLException {
        try {
            return delegate.getNCharacterStream(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(int parameterIndex) throws SQLException {
        try {
            return delegate.getCharacterStream(parameterIndex);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String parameterName) throws SQLException {
        try {
            return delegate.getCharacterStream(parameterName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        try {
            delegate.setBlob(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        try {
            delegate.setClob(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate.setAsciiStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate.setBinaryStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, long length) throws SQLException {
        try {
            delegate.setCharacterStream(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x) throws SQLException {
        try {
            delegate.setAsciiStream(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x) throws SQLException {
        try {
            delegate.setBinaryStream(parameterName, x);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader) throws SQLException {
        try {
            delegate.setCharacterStream(parameterName, reader);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        try {
            delegate.setNCharacterStream(parameterName, value);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        try {
            delegate.setClob(parameterName, reader);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        try {
            delegate.setBlob(parameterName, inputStream);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        try {
            delegate.setNClob(parameterName, reader);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        try {
            return delegate.getObject(parameterIndex, type);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        try {
            return delegate.getObject(parameterName, type);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try {
            delegate.setObject(parameterName, x, targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate.setObject(parameterName, x, targetSqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        try {
            delegate.registerOutParameter(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        try {
            delegate.registerOutParameter(parameterIndex, sqlType, scale);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        try {
            delegate.registerOutParameter(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        try {
            delegate.registerOutParameter(parameterName, sqlType);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        try {
            delegate.registerOutParameter(parameterName, sqlType, scale);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        try {
            delegate.registerOutParameter(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }
}
