package dev.cistern.testkit.stub;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * Parameter metadata of a stub statement. The stub ignores parameters, so it describes none: the count is
 * 0, and asking about a parameter is not supported.
 */
@GenerateUnsupported(ParameterMetaData.class)
final class StubParameterMetaData extends UnsupportedParameterMetaData {
    private final StubStatement statement;

    StubParameterMetaData(StubStatement statement) {
        this.statement = statement;
    }

    @Override
    public int getParameterCount() throws SQLException {
        statement.stubConnection().check();
        return 0;
    }
}
