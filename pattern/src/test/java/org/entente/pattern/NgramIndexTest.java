package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The literal prefilter never loses a literal, whatever its length and wherever it sits in a value,
 * and a removed literal leaves nothing behind.
 */
class NgramIndexTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789.-/";

    private static String random(SplittableRandom rnd, int length) {
        return random(rnd, ALPHABET, length);
    }

    private static String random(SplittableRandom rnd, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static List<Integer> scan(NgramIndex index, String value) {
        List<Integer> ids = new ArrayList<>();
        index.scan(value, ids::add);
        return ids;
    }

    @Test
    void aLiteralOfAnyLengthIsFoundAtEveryOffsetOfAValue() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int length = 3; length <= 30; length++) {
            NgramIndex index = new NgramIndex();
            String literal = random(rnd, length);
            long filed = index.add(literal, length);
            for (int offset = 0; offset < 12; offset++) {
                String value = random(rnd, offset) + literal + random(rnd, rnd.nextInt(5));
                assertThat(scan(index, value))
                        .as("literal of %d units at offset %d in %s", length, offset, value)
                        .contains(length);
            }
            index.remove(literal, filed, length);
            assertThat(index.isEmpty()).as("literal of %d units removed", length).isTrue();
            assertThat(scan(index, "x" + literal + "y")).isEmpty();
        }
    }

    @Test
    void everyLiteralAValueHoldsIsACandidateAlsoWhenGramsTie() {
        // two letters: many grams weigh the same, so minimisers are often decided by the hash, and
        // the same gram recurs within a window
        for (String alphabet : new String[] {"ab", "a.b/", ALPHABET}) {
            SplittableRandom rnd = new SplittableRandom(alphabet.length());
            NgramIndex index = new NgramIndex();
            List<String> literals = new ArrayList<>();
            for (int id = 0; id < 300; id++) {
                literals.add(random(rnd, alphabet, 3 + rnd.nextInt(20)));
                index.add(literals.get(id), id);
            }
            for (int v = 0; v < 3000; v++) {
                String value = random(rnd, alphabet, rnd.nextInt(40));
                if (rnd.nextBoolean()) {
                    int at = rnd.nextInt(value.length() + 1);
                    String literal = literals.get(rnd.nextInt(literals.size()));
                    value = value.substring(0, at) + literal + value.substring(at);
                }
                List<Integer> candidates = scan(index, value);
                for (int id = 0; id < literals.size(); id++) {
                    if (value.contains(literals.get(id))) {
                        assertThat(candidates).as("%s in %s", literals.get(id), value).contains(id);
                    }
                }
            }
        }
    }

    @Test
    void literalsSharingGramsAreFoundAndRemovedEachOnItsOwn() {
        NgramIndex index = new NgramIndex();
        String a = "evil-payload.example";
        String b = "evil-payload.example.org";
        String repeated = "aaaaaaaaaaaaaaaaaaaa"; // every gram the same
        long filedA = index.add(a, 1);
        long filedB = index.add(b, 2);
        long filedRepeated = index.add(repeated, 3);
        assertThat(scan(index, "http://" + b + "/x")).contains(1, 2);
        assertThat(scan(index, "zaaaaaaaaaaaaaaaaaaaaaaz")).contains(3);

        index.remove(a, filedA, 1);
        assertThat(scan(index, "http://" + b + "/x")).contains(2).doesNotContain(1);
        index.remove(repeated, filedRepeated, 3);
        assertThat(scan(index, "zaaaaaaaaaaaaaaaaaaaaaaz")).doesNotContain(3);
        index.remove(b, filedB, 2);
        assertThat(index.isEmpty()).isTrue();
    }

    @Test
    void aValueNotInNfcIsScannedInNfc() {
        NgramIndex index = new NgramIndex();
        String literal = "r\u00e9sum\u00e9s-2024-final"; // precomposed, as literals are filed
        index.add(literal, 9);
        assertThat(scan(index, "old-re\u0301sume\u0301s-2024-final.pdf")).contains(9);
    }
}
