package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * On PostgreSQL the listings of page entries are compressed with lz4 where the server has it, and
 * keep the server's default (pglz) where it does not: the migration never fails for want of lz4.
 * The embedded server of the tests is built without lz4; Debian's (ENTENTE_CI_DEBIAN_POSTGRES=1 in
 * .ci/run) with it.
 */
class ListingCompressionTest {
    @Test
    void pageListingsAreCompressedWithLz4WhereTheServerHasIt() {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.POSTGRESQL)) {
            boolean lz4 = serverHasLz4(f);
            String method =
                    f.db.jdbc()
                            .sql(
                                    "SELECT attcompression::text FROM pg_attribute"
                                            + " WHERE attrelid = 'ledger_entries'::regclass"
                                            + " AND attname = 'detail'")
                            .query(String.class)
                            .single();
            assertThat(method)
                    .as("the column's method (l: lz4, empty: the default)")
                    .isEqualTo(lz4 ? "l" : "");
            List<DisclosedVersion> versions = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                versions.add(
                        new DisclosedVersion(
                                "indicator--" + UUID.randomUUID(),
                                "2026-11-01T00:00:00.000Z",
                                "indicator",
                                Tlp.GREEN));
            }
            List<LedgerEntry.Draft> pages =
                    LedgerEntry.Draft.pages(
                            LedgerEntry.Kind.DISCLOSED_PAGE,
                            LedgerFixture.T0,
                            "taxii-jp",
                            "jp-nisc",
                            "moc-jp",
                            "information-exchange",
                            "information-exchange: rule",
                            versions);
            long seq =
                    f.db.inTransaction(() -> f.ledger.append(pages, new Ledger.Span(1, 2)))
                            .get(0)
                            .seq();
            String stored =
                    f.db.jdbc()
                            .sql(
                                    "SELECT pg_column_compression(detail) FROM ledger_entries"
                                            + " WHERE seq = :s")
                            .param("s", seq)
                            .query(String.class)
                            .single();
            assertThat(stored).isEqualTo(lz4 ? "lz4" : "pglz");
            // and it reads back as it went in
            String detail =
                    f.db.jdbc()
                            .sql("SELECT detail FROM ledger_entries WHERE seq = :s")
                            .param("s", seq)
                            .query(String.class)
                            .single();
            assertThat(PageListing.read(detail)).isEqualTo(versions);
            assertThat(f.ledger.verify().intact()).isTrue();
        }
    }

    private static boolean serverHasLz4(LedgerFixture f) {
        try {
            f.db.jdbc().sql("CREATE TEMP TABLE lz4_probe (t TEXT COMPRESSION lz4)").update();
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }
}
