package dev.eventgateway.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlBatchesTest {

    @Test
    void aMultiRowInsertNumbersItsParametersRowByRow() {
        assertThat(SqlBatches.multiRow("INSERT INTO t (k, a, b)", "ON CONFLICT (k) DO NOTHING RETURNING k", 3, 2))
                .isEqualTo("INSERT INTO t (k, a, b) VALUES ($1, $2, $3), ($4, $5, $6) "
                        + "ON CONFLICT (k) DO NOTHING RETURNING k");
    }

    @Test
    void aSingleRowInsertIsThePlainStatement() {
        assertThat(SqlBatches.multiRow("INSERT INTO t (k)", "ON CONFLICT (k) DO NOTHING RETURNING k", 1, 1))
                .isEqualTo("INSERT INTO t (k) VALUES ($1) ON CONFLICT (k) DO NOTHING RETURNING k");
    }
}
