package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.entente.stix.Tlp;

/**
 * A fresh, migrated database of one kind with a ledger on it, and helpers to fill and tamper with
 * it. Verification runs in ranges of a few entries on three threads, so that small ledgers cross
 * many range boundaries.
 */
final class LedgerFixture implements AutoCloseable {
    /** 2026-11-10T09:00:00Z, in microseconds. */
    static final long T0 = Instant.parse("2026-11-10T09:00:00Z").getEpochSecond() * 1_000_000L;

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    final Dialect dialect;
    final String url;
    final Database db;
    final Ledger ledger;

    private LedgerFixture(Dialect dialect, String url, long rangeSize) {
        this.dialect = dialect;
        this.url = url;
        this.db =
                Database.open(
                        new DatabaseSettings(
                                url, Databases.user(dialect), Databases.password(dialect), 6));
        this.ledger =
                new Ledger(
                        db,
                        CLOCK,
                        new NodeIdentity("CERT Testland", "soc@cert.test"),
                        3,
                        rangeSize,
                        rangeSize);
    }

    static LedgerFixture fresh(Dialect dialect) {
        return new LedgerFixture(dialect, Databases.fresh(dialect), 7);
    }

    static LedgerFixture fresh(Dialect dialect, long rangeSize) {
        return new LedgerFixture(dialect, Databases.fresh(dialect), rangeSize);
    }

    List<LedgerEntry> append(List<LedgerEntry.Draft> drafts) {
        return db.inTransaction(() -> ledger.append(drafts));
    }

    List<LedgerEntry> append(LedgerEntry.Draft... drafts) {
        return append(List.of(drafts));
    }

    /** Appends {@code drafts} in a transaction that then fails, so that it is rolled back. */
    void appendRolledBack(LedgerEntry.Draft... drafts) {
        IllegalStateException failure = new IllegalStateException("the page failed");
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        () -> {
                                            ledger.append(List.of(drafts));
                                            throw failure;
                                        }))
                .isSameAs(failure);
    }

    /**
     * Appends {@code n} disclosures in batches of up to five, spread over three organisations, one
     * second apart from {@link #T0}.
     */
    List<LedgerEntry> fill(int n) {
        List<LedgerEntry> all = new ArrayList<>();
        List<LedgerEntry.Draft> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(disclosure(T0 + i * 1_000_000L, "org-" + (char) ('a' + i % 3), i));
            if (batch.size() == 1 + i % 5 || i == n - 1) {
                all.addAll(append(batch));
                batch.clear();
            }
        }
        return all;
    }

    static LedgerEntry.Draft disclosure(long at, String org, int i) {
        return LedgerEntry.Draft.disclosed(
                at,
                "principal-" + org,
                org,
                "agreement-" + org,
                "information-exchange",
                "information-exchange: TLP up to AMBER, onward none",
                "indicator--" + new UUID(42, i),
                "2026-11-0" + (1 + i % 9) + "T00:00:00.000Z",
                Optional.of(Tlp.AMBER));
    }

    /**
     * A disclosed page listing one AMBER indicator's version, made at {@code T0 + i} by {@code
     * principal} for {@code org}, to append with {@link #span(int)}.
     */
    static List<LedgerEntry.Draft> onePage(int i, String principal, String org) {
        return LedgerEntry.Draft.pages(
                LedgerEntry.Kind.DISCLOSED_PAGE,
                T0 + i,
                principal,
                org,
                "agreement-a",
                "information-exchange",
                "information-exchange: TLP up to AMBER, onward none",
                List.of(
                        new DisclosedVersion(
                                "indicator--" + new UUID(7, i),
                                "2026-11-01T00:00:00.000Z",
                                "indicator",
                                Tlp.AMBER)));
    }

    /** The span of {@code date_added} the {@code i}-th page of {@link #onePage} lists. */
    static Ledger.Span span(int i) {
        return new Ledger.Span(1000L * i, 1000L * i + 10);
    }

    /** Another ledger on this fixture's database, as another node or the command line has. */
    Ledger otherWriter() {
        return new Ledger(db, CLOCK, NodeIdentity.UNNAMED);
    }

    /** Checks the whole chain and each of {@code orgs}' chains. */
    void assertIntact(String... orgs) {
        VerifyResult all = ledger.verify();
        assertThat(all.intact()).as(all.problem().orElse("")).isTrue();
        for (String org : orgs) {
            VerifyResult r = ledger.verify(org);
            assertThat(r.intact()).as(org + ": " + r.problem().orElse("")).isTrue();
        }
    }

    /** Runs SQL on the database directly, as someone with access to its files would. */
    int sql(String sql, Object... params) {
        var spec = db.jdbc().sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.update();
    }

    Map<String, Object> row(long seq) {
        return db.jdbc()
                .sql("SELECT * FROM ledger_entries WHERE seq = ?")
                .param(seq)
                .query()
                .singleRow();
    }

    @Override
    public void close() {
        db.close();
    }
}
