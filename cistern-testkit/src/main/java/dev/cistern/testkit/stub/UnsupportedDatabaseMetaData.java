package dev.cistern.testkit.stub;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every metadata method unsupported; {@link StubDatabaseMetaData} overrides what tests use. */
@SuppressWarnings("deprecation")
abstract class UnsupportedDatabaseMetaData implements DatabaseMetaData {

    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("stub driver: " + method + " is not supported");
    }

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        throw unsupported("allProceduresAreCallable");
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        throw unsupported("allTablesAreSelectable");
    }

    @Override
    public String getURL() throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public String getUserName() throws SQLException {
        throw unsupported("getUserName");
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        throw unsupported("isReadOnly");
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        throw unsupported("nullsAreSortedHigh");
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        throw unsupported("nullsAreSortedLow");
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        throw unsupported("nullsAreSortedAtStart");
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        throw unsupported("nullsAreSortedAtEnd");
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        throw unsupported("getDatabaseProductName");
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        throw unsupported("getDatabaseProductVersion");
    }

    @Override
    public String getDriverName() throws SQLException {
        throw unsupported("getDriverName");
    }

    @Override
    public String getDriverVersion() throws SQLException {
        throw unsupported("getDriverVersion");
    }

    @Override
    public int getDriverMajorVersion() {
        return 0;
    }

    @Override
    public int getDriverMinorVersion() {
        return 0;
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        throw unsupported("usesLocalFiles");
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        throw unsupported("usesLocalFilePerTable");
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        throw unsupported("supportsMixedCaseIdentifiers");
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        throw unsupported("storesUpperCaseIdentifiers");
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        throw unsupported("storesLowerCaseIdentifiers");
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        throw unsupported("storesMixedCaseIdentifiers");
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        throw unsupported("supportsMixedCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        throw unsupported("storesUpperCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        throw unsupported("storesLowerCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        throw unsupported("storesMixedCaseQuotedIdentifiers");
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        throw unsupported("getIdentifierQuoteString");
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        throw unsupported("getSQLKeywords");
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        throw unsupported("getNumericFunctions");
    }

    @Override
    public String getStringFunctions() throws SQLException {
        throw unsupported("getStringFunctions");
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        throw unsupported("getSystemFunctions");
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        throw unsupported("getTimeDateFunctions");
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        throw unsupported("getSearchStringEscape");
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        throw unsupported("getExtraNameCharacters");
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        throw unsupported("supportsAlterTableWithAddColumn");
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        throw unsupported("supportsAlterTableWithDropColumn");
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        throw unsupported("supportsColumnAliasing");
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        throw unsupported("nullPlusNonNullIsNull");
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        throw unsupported("supportsConvert");
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) throws SQLException {
        throw unsupported("supportsConvert");
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        throw unsupported("supportsTableCorrelationNames");
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        throw unsupported("supportsDifferentTableCorrelationNames");
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        throw unsupported("supportsExpressionsInOrderBy");
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        throw unsupported("supportsOrderByUnrelated");
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        throw unsupported("supportsGroupBy");
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        throw unsupported("supportsGroupByUnrelated");
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        throw unsupported("supportsGroupByBeyondSelect");
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        throw unsupported("supportsLikeEscapeClause");
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        throw unsupported("supportsMultipleResultSets");
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        throw unsupported("supportsMultipleTransactions");
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        throw unsupported("supportsNonNullableColumns");
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        throw unsupported("supportsMinimumSQLGrammar");
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        throw unsupported("supportsCoreSQLGrammar");
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        throw unsupported("supportsExtendedSQLGrammar");
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        throw unsupported("supportsANSI92EntryLevelSQL");
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        throw unsupported("supportsANSI92IntermediateSQL");
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        throw unsupported("supportsANSI92FullSQL");
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        throw unsupported("supportsIntegrityEnhancementFacility");
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        throw unsupported("supportsOuterJoins");
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        throw unsupported("supportsFullOuterJoins");
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        throw unsupported("supportsLimitedOuterJoins");
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        throw unsupported("getSchemaTerm");
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        throw unsupported("getProcedureTerm");
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        throw unsupported("getCatalogTerm");
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        throw unsupported("isCatalogAtStart");
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        throw unsupported("getCatalogSeparator");
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        throw unsupported("supportsSchemasInDataManipulation");
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        throw unsupported("supportsSchemasInProcedureCalls");
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        throw unsupported("supportsSchemasInTableDefinitions");
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        throw unsupported("supportsSchemasInIndexDefinitions");
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        throw unsupported("supportsSchemasInPrivilegeDefinitions");
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        throw unsupported("supportsCatalogsInDataManipulation");
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        throw unsupported("supportsCatalogsInProcedureCalls");
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        throw unsupported("supportsCatalogsInTableDefinitions");
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        throw unsupported("supportsCatalogsInIndexDefinitions");
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        throw unsupported("supportsCatalogsInPrivilegeDefinitions");
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        throw unsupported("supportsPositionedDelete");
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        throw unsupported("supportsPositionedUpdate");
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        throw unsupported("supportsSelectForUpdate");
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        throw unsupported("supportsStoredProcedures");
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        throw unsupported("supportsSubqueriesInComparisons");
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        throw unsupported("supportsSubqueriesInExists");
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        throw unsupported("supportsSubqueriesInIns");
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        throw unsupported("supportsSubqueriesInQuantifieds");
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        throw unsupported("supportsCorrelatedSubqueries");
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        throw unsupported("supportsUnion");
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        throw unsupported("supportsUnionAll");
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        throw unsupported("supportsOpenCursorsAcrossCommit");
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        throw unsupported("supportsOpenCursorsAcrossRollback");
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        throw unsupported("supportsOpenStatementsAcrossCommit");
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        throw unsupported("supportsOpenStatementsAcrossRollback");
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        throw unsupported("getMaxBinaryLiteralLength");
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        throw unsupported("getMaxCharLiteralLength");
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        throw unsupported("getMaxColumnNameLength");
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        throw unsupported("getMaxColumnsInGroupBy");
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        throw unsupported("getMaxColumnsInIndex");
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        throw unsupported("getMaxColumnsInOrderBy");
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        throw unsupported("getMaxColumnsInSelect");
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        throw unsupported("getMaxColumnsInTable");
    }

    @Override
    public int getMaxConnections() throws SQLException {
        throw unsupported("getMaxConnections");
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        throw unsupported("getMaxCursorNameLength");
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        throw unsupported("getMaxIndexLength");
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        throw unsupported("getMaxSchemaNameLength");
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        throw unsupported("getMaxProcedureNameLength");
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        throw unsupported("getMaxCatalogNameLength");
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        throw unsupported("getMaxRowSize");
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        throw unsupported("doesMaxRowSizeIncludeBlobs");
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        throw unsupported("getMaxStatementLength");
    }

    @Override
    public int getMaxStatements() throws SQLException {
        throw unsupported("getMaxStatements");
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        throw unsupported("getMaxTableNameLength");
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        throw unsupported("getMaxTablesInSelect");
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        throw unsupported("getMaxUserNameLength");
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        throw unsupported("getDefaultTransactionIsolation");
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        throw unsupported("supportsTransactions");
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        throw unsupported("supportsTransactionIsolationLevel");
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        throw unsupported("supportsDataDefinitionAndDataManipulationTransactions");
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        throw unsupported("supportsDataManipulationTransactionsOnly");
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        throw unsupported("dataDefinitionCausesTransactionCommit");
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        throw unsupported("dataDefinitionIgnoredInTransactions");
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
        throw unsupported("getProcedures");
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern) throws SQLException {
        throw unsupported("getProcedureColumns");
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
        throw unsupported("getTables");
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        throw unsupported("getSchemas");
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        throw unsupported("getCatalogs");
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        throw unsupported("getTableTypes");
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        throw unsupported("getColumns");
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
        throw unsupported("getColumnPrivileges");
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        throw unsupported("getTablePrivileges");
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
        throw unsupported("getBestRowIdentifier");
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        throw unsupported("getVersionColumns");
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        throw unsupported("getPrimaryKeys");
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        throw unsupported("getImportedKeys");
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        throw unsupported("getExportedKeys");
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        throw unsupported("getCrossReference");
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        throw unsupported("getTypeInfo");
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
        throw unsupported("getIndexInfo");
    }

    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        throw unsupported("supportsResultSetType");
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        throw unsupported("supportsResultSetConcurrency");
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) throws SQLException {
        throw unsupported("ownUpdatesAreVisible");
    }

    @Override
    public boolean ownDeletesAreVisible(int type) throws SQLException {
        throw unsupported("ownDeletesAreVisible");
    }

    @Override
    public boolean ownInsertsAreVisible(int type) throws SQLException {
        throw unsupported("ownInsertsAreVisible");
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) throws SQLException {
        throw unsupported("othersUpdatesAreVisible");
    }

    @Override
    public boolean othersDeletesAreVisible(int type) throws SQLException {
        throw unsupported("othersDeletesAreVisible");
    }

    @Override
    public boolean othersInsertsAreVisible(int type) throws SQLException {
        throw unsupported("othersInsertsAreVisible");
    }

    @Override
    public boolean updatesAreDetected(int type) throws SQLException {
        throw unsupported("updatesAreDetected");
    }

    @Override
    public boolean deletesAreDetected(int type) throws SQLException {
        throw unsupported("deletesAreDetected");
    }

    @Override
    public boolean insertsAreDetected(int type) throws SQLException {
        throw unsupported("insertsAreDetected");
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        throw unsupported("supportsBatchUpdates");
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
        throw unsupported("getUDTs");
    }

    @Override
    public Connection getConnection() throws SQLException {
        throw unsupported("getConnection");
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        throw unsupported("supportsSavepoints");
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        throw unsupported("supportsNamedParameters");
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        throw unsupported("supportsMultipleOpenResults");
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        throw unsupported("supportsGetGeneratedKeys");
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        throw unsupported("getSuperTypes");
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        throw unsupported("getSuperTables");
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern) throws SQLException {
        throw unsupported("getAttributes");
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        throw unsupported("supportsResultSetHoldability");
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        throw unsupported("getResultSetHoldability");
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        throw unsupported("getDatabaseMajorVersion");
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        throw unsupported("getDatabaseMinorVersion");
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        throw unsupported("getJDBCMajorVersion");
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        throw unsupported("getJDBCMinorVersion");
    }

    @Override
    public int getSQLStateType() throws SQLException {
        throw unsupported("getSQLStateType");
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        throw unsupported("locatorsUpdateCopy");
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        throw unsupported("supportsStatementPooling");
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        throw unsupported("getRowIdLifetime");
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        throw unsupported("getSchemas");
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        throw unsupported("supportsStoredFunctionsUsingCallSyntax");
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        throw unsupported("autoCommitFailureClosesAllResultSets");
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        throw unsupported("getClientInfoProperties");
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        throw unsupported("getFunctions");
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern) throws SQLException {
        throw unsupported("getFunctionColumns");
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        throw unsupported("getPseudoColumns");
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        throw unsupported("generatedKeyAlwaysReturned");
    }
}
