package dev.cistern.testkit.stub;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every result-set-metadata method unsupported; {@link StubResultSet} overrides what tests use. */
@SuppressWarnings("deprecation")
abstract class UnsupportedResultSetMetaData implements ResultSetMetaData {

    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("stub driver: " + method + " is not supported");
    }

    @Override
    public int getColumnCount() throws SQLException {
        throw unsupported("getColumnCount");
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        throw unsupported("isAutoIncrement");
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        throw unsupported("isCaseSensitive");
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        throw unsupported("isSearchable");
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        throw unsupported("isCurrency");
    }

    @Override
    public int isNullable(int column) throws SQLException {
        throw unsupported("isNullable");
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        throw unsupported("isSigned");
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        throw unsupported("getColumnDisplaySize");
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        throw unsupported("getColumnLabel");
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        throw unsupported("getColumnName");
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        throw unsupported("getSchemaName");
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        throw unsupported("getPrecision");
    }

    @Override
    public int getScale(int column) throws SQLException {
        throw unsupported("getScale");
    }

    @Override
    public String getTableName(int column) throws SQLException {
        throw unsupported("getTableName");
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        throw unsupported("getCatalogName");
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        throw unsupported("getColumnType");
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        throw unsupported("getColumnTypeName");
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        throw unsupported("isReadOnly");
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        throw unsupported("isWritable");
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        throw unsupported("isDefinitelyWritable");
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        throw unsupported("getColumnClassName");
    }
}
