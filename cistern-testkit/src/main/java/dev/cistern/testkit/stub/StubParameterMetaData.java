package dev.cistern.testkit.stub;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * Parameter metadata of a stub statement. The stub ignores parameters, so it describes none: the count is
 * 0 and asking about any parameter fails as a real driver fails for an index out of range.
 */
final class StubParameterMetaData implements ParameterMetaData {
    private final StubStatement statement;

    StubParameterMetaData(StubStatement statement) {
        this.statement = statement;
    }

    @Override
    public int getParameterCount() throws SQLException {
        statement.stubConnection().check();
        return 0;
    }

    private SQLException noSuchParameter(int param) throws SQLException {
        statement.stubConnection().check();
        return new SQLException("stub: no parameter " + param, "07009");
    }

    @Override
    public int isNullable(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public int getScale(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        throw noSuchParameter(param);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("stub: not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
