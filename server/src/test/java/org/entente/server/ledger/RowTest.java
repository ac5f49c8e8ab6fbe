package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The separator search verification relies on, against the obvious loop. */
class RowTest {
    @Test
    void findsTheFirstSeparatorWhereverItIsAndTheEndWhenThereIsNone() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // bytes around the separator's value, to catch borrows between lanes
                b[i] = (byte) (random.nextInt(8) == 0 ? 0x1F : 0x1E + random.nextInt(200));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int expected = from;
            while (expected < to && b[expected] != 0x1F) {
                expected++;
            }
            assertThat(ScanRow.indexOfSep(b, from, to)).isEqualTo(expected);
        }
    }
}
