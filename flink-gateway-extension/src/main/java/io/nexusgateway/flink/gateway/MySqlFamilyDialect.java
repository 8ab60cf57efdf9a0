package io.nexusgateway.flink.gateway;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.core.database.dialect.AbstractDialect;
import org.apache.flink.connector.jdbc.core.database.dialect.AbstractDialectConverter;
import org.apache.flink.connector.jdbc.core.database.dialect.JdbcDialectConverter;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/** MariaDB and MySQL, as the JDBC connector's MySQL dialect of Flink 1.x had them. */
final class MySqlFamilyDialect extends AbstractDialect {
    private static final long serialVersionUID = 1L;

    @Override
    public String dialectName() {
        return "MySQL";
    }

    @Override
    public JdbcDialectConverter getRowConverter(RowType rowType) {
        return new Converter(rowType);
    }

    @Override
    public String getLimitClause(long limit) {
        return "LIMIT " + limit;
    }

    @Override
    public Optional<String> defaultDriverName() {
        return Optional.of("org.mariadb.jdbc.Driver");
    }

    /** Each part of a dotted name ({@code database.table}) in backticks. */
    @Override
    public String quoteIdentifier(String identifier) {
        return Arrays.stream(identifier.split("\\."))
                .map(part -> "`" + part.replace("`", "``") + "`")
                .collect(Collectors.joining("."));
    }

    @Override
    public Optional<String> getUpsertStatement(String tableName, String[] fieldNames, String[] uniqueKeyFields) {
        String updates = Arrays.stream(fieldNames)
                .map(field -> quoteIdentifier(field) + "=VALUES(" + quoteIdentifier(field) + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(getInsertIntoStatement(tableName, fieldNames) + " ON DUPLICATE KEY UPDATE " + updates);
    }

    @Override
    public Optional<Range> decimalPrecisionRange() {
        return Optional.of(Range.of(1, 65));
    }

    @Override
    public Optional<Range> timestampPrecisionRange() {
        return Optional.of(Range.of(0, 6));
    }

    @Override
    public Set<LogicalTypeRoot> supportedTypes() {
        return EnumSet.of(
                LogicalTypeRoot.CHAR,
                LogicalTypeRoot.VARCHAR,
                LogicalTypeRoot.BOOLEAN,
                LogicalTypeRoot.VARBINARY,
                LogicalTypeRoot.DECIMAL,
                LogicalTypeRoot.TINYINT,
                LogicalTypeRoot.SMALLINT,
                LogicalTypeRoot.INTEGER,
                LogicalTypeRoot.BIGINT,
                LogicalTypeRoot.FLOAT,
                LogicalTypeRoot.DOUBLE,
                LogicalTypeRoot.DATE,
                LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE,
                LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE);
    }

    private static final class Converter extends AbstractDialectConverter {
        private static final long serialVersionUID = 1L;

        Converter(RowType rowType) {
            super(rowType);
        }

        @Override
        public String converterName() {
            return "MySQL";
        }
    }
}
