package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A partner's check of a ledger export, whatever file it is given: a result that says whether the
 * file is intact and, if not, where and why, never an exception (bytes in memory cannot fail to
 * read, so the documented {@code UncheckedIOException} cannot occur either).
 *
 * <p>The seeds in {@code LedgerExportFuzzTestInputs} (a real export, and that export cut, edited,
 * reordered and broken) run as ordinary tests in every build; {@code JAZZER_FUZZ=1 ./mvnw -pl
 * server test -Dtest=LedgerExportFuzzTest} fuzzes from them.
 */
class LedgerExportFuzzTest {
    private static final String VALID_SEED =
            "LedgerExportFuzzTestInputs/anyBytesGiveAVerdictNeverAnException/valid-export";

    @FuzzTest
    void anyBytesGiveAVerdictNeverAnException(byte[] file) {
        VerifyResult r = LedgerExport.verify(new ByteArrayInputStream(file));
        assertThat(r).isNotNull();
        assertThat(r.chain()).startsWith("export of organisation");
        assertThat(r.checked()).isNotNegative();
        r.broken()
                .ifPresent(
                        b ->
                                assertThat(b.problem())
                                        .as("a broken export says what is wrong")
                                        .isNotBlank());
    }

    /** The corpus holds a real, intact export, so that fuzzing starts from the deep paths. */
    @Test
    void theSeedCorpusHoldsAnIntactExport() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(VALID_SEED)) {
            assertThat(in).as(VALID_SEED).isNotNull();
            VerifyResult r = LedgerExport.verify(in);
            assertThat(r.intact()).as(r.problem().orElse("")).isTrue();
            assertThat(r.checked()).isEqualTo(10);
        }
    }
}
