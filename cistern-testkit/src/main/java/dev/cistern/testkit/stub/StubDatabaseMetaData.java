package dev.cistern.testkit.stub;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Enough metadata for health checks and tooling: product "Stub" 1.0, the URL and the user; the catalogue
 * queries (tables, schemas, catalogs, type info) answer with the stub's one-row result.
 */
@GenerateUnsupported(DatabaseMetaData.class)
final class StubDatabaseMetaData extends UnsupportedDatabaseMetaData {
    private final StubConnection connection;
    private final String user;

    StubDatabaseMetaData(StubConnection connection, String user) {
        this.connection = connection;
        this.user = user;
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        connection.check();
        return "Stub";
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        connection.check();
        return "1.0";
    }

    @Override
    public int getDatabaseMajorVersion() {
        return 1;
    }

    @Override
    public int getDatabaseMinorVersion() {
        return 0;
    }

    @Override
    public String getDriverName() {
        return "Cistern stub driver";
    }

    @Override
    public String getDriverVersion() {
        return "1.0";
    }

    @Override
    public int getDriverMajorVersion() {
        return 1;
    }

    @Override
    public int getDriverMinorVersion() {
        return 0;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 3;
    }

    @Override
    public String getURL() {
        return connection.database().url();
    }

    @Override
    public String getUserName() {
        return user;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        return catalogueResult();
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return catalogueResult();
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return catalogueResult();
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return catalogueResult();
    }

    private ResultSet catalogueResult() throws SQLException {
        connection.check();
        return new StubResultSet(connection, null);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
