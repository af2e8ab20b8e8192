package dev.cistern.testkit.stub;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;

/** The one result every stub query returns: a single row with a single integer column labelled "1" holding 1. */
@GenerateUnsupported(ResultSet.class)
public final class StubResultSet extends UnsupportedResultSet {
    private static final String LABEL = "1";

    private final StubConnection connection;
    private final StubStatement statement;
    private int row; // 0 before the row, 1 on it, 2 after it
    private boolean closed;

    StubResultSet(StubStatement statement) {
        this(statement.stubConnection(), statement);
    }

    /** @param statement null for a metadata result, which no statement produced */
    StubResultSet(StubConnection connection, StubStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    private void check() throws SQLException {
        if (closed) {
            throw new SQLException("stub: result set is closed", "HY010");
        }
        connection.check();
    }

    private void checkColumn(int columnIndex) throws SQLException {
        check();
        if (row != 1) {
            throw new SQLException("stub: not on a row", "24000");
        }
        if (columnIndex != 1) {
            throw new SQLException("stub: no column " + columnIndex, "07009");
        }
    }

    @Override
    public boolean next() throws SQLException {
        check();
        if (row < 2) {
            row++;
        }
        return row == 1;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        check();
        if (!LABEL.equals(columnLabel)) {
            throw new SQLException("stub: no column " + columnLabel, "42S22");
        }
        return 1;
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        return 1;
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return getInt(columnIndex);
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return String.valueOf(getInt(columnIndex));
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return getInt(columnIndex);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return getInt(columnIndex) != 0;
    }

    @Override
    public boolean wasNull() throws SQLException {
        check();
        return false;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        check();
        return new StubResultSetMetaData();
    }

    @Override
    public Statement getStatement() throws SQLException {
        check();
        return statement;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        check();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        check();
    }

    @Override
    public int getType() throws SQLException {
        check();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        check();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Closed by the user, with its statement (closing or re-executing it), or with its connection. */
    @Override
    public boolean isClosed() {
        return closed || connection.isClosed();
    }

    /** Describes the single integer column. */
    @GenerateUnsupported(ResultSetMetaData.class)
    private static final class StubResultSetMetaData extends UnsupportedResultSetMetaData {
        @Override
        public int getColumnCount() {
            return 1;
        }

        @Override
        public String getColumnLabel(int column) {
            return LABEL;
        }

        @Override
        public String getColumnName(int column) {
            return LABEL;
        }

        @Override
        public int getColumnType(int column) {
            return Types.INTEGER;
        }

        @Override
        public String getColumnTypeName(int column) {
            return "INTEGER";
        }

        @Override
        public String getColumnClassName(int column) {
            return Integer.class.getName();
        }
    }
}
