package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.ledger.LedgerFixture.T0;
import static org.entente.server.ledger.LedgerFixture.disclosure;

import java.util.List;
import org.entente.server.db.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A ledger keeps the organisations' heads its last append left, to spare the next append their read
 * (docs/adr/0034). They may serve only while nothing else moved the ledger: another writer on the
 * same database (another node, the command line) or an append of its own rolled back.
 */
class KnownHeadsTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anotherWritersAppendsBetweenTwoOfOursAreSeen(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            Ledger other = f.otherWriter();
            f.append(disclosure(T0, "org-a", 0));
            List<LedgerEntry> theirs =
                    f.db.inTransaction(
                            () ->
                                    other.append(
                                            List.of(
                                                    disclosure(T0 + 1, "org-a", 1),
                                                    disclosure(T0 + 2, "org-b", 2))));

            LedgerEntry next = f.append(disclosure(T0 + 3, "org-a", 3)).get(0);

            assertThat(next.seq()).isEqualTo(4);
            assertThat(next.orgSeq()).isEqualTo(3);
            assertThat(next.orgPrevHash()).isEqualTo(theirs.get(0).orgHash());
            f.assertIntact("org-a", "org-b");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anAppendRolledBackLeavesTheHeadsItFound(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            LedgerEntry first = f.append(disclosure(T0, "org-a", 0)).get(0);
            f.appendRolledBack(disclosure(T0 + 1, "org-a", 1), disclosure(T0 + 2, "org-a", 2));

            LedgerEntry next = f.append(disclosure(T0 + 3, "org-a", 3)).get(0);

            assertThat(next.seq()).isEqualTo(2);
            assertThat(next.orgSeq()).isEqualTo(2);
            assertThat(next.orgPrevHash()).isEqualTo(first.orgHash());
            f.assertIntact("org-a");
        }
    }

    /**
     * The global head the rolled-back append would have left is reached again, at the same
     * position, by another writer's entry: only its hash tells that the heads are not ours.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anotherWriterReachingThePositionOfARolledBackAppendIsToldByItsHash(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            Ledger other = f.otherWriter();
            f.append(disclosure(T0, "org-a", 0));
            f.appendRolledBack(disclosure(T0 + 1, "org-a", 1));
            LedgerEntry theirs =
                    f.db.inTransaction(() -> other.append(List.of(disclosure(T0 + 2, "org-a", 2))))
                            .get(0);
            assertThat(theirs.seq()).isEqualTo(2);

            LedgerEntry next = f.append(disclosure(T0 + 3, "org-a", 3)).get(0);

            assertThat(next.seq()).isEqualTo(3);
            assertThat(next.orgSeq()).isEqualTo(3);
            assertThat(next.orgPrevHash()).isEqualTo(theirs.orgHash());
            f.assertIntact("org-a");
        }
    }
}
