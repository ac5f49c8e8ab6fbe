package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Labels as they are compared: lower-cased, each once, in a set nobody can change. */
class LabelsTest {
    @Test
    void labelsAreLowerCasedAndSpellingsOfOneLabelBecomeOne() {
        Set<String> labels = new HashSet<>(List.of("INTERNAL", "internal", "Malicious-Activity"));
        assertThat(Labels.normalise(labels))
                .containsExactlyInAnyOrder("internal", "malicious-activity");
        // what was given is left as it was
        assertThat(labels).containsExactlyInAnyOrder("INTERNAL", "internal", "Malicious-Activity");
    }

    @Test
    void labelsAlreadyNormalAreKeptAndTheSetIsUnmodifiable() {
        Set<String> normal = Set.of("internal", "apt");
        assertThat(Labels.normalise(normal)).isSameAs(normal);
        Set<String> mutable = new HashSet<>(normal);
        Set<String> out = Labels.normalise(mutable);
        assertThat(out).isEqualTo(normal).isNotSameAs(mutable);
        assertThatThrownBy(() -> out.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Labels.normalise(Set.of("A")).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Labels.normalise(new HashSet<>())).isEmpty();
    }

    @Test
    void storedFormIsTheSameWhateverTheSpelling() {
        assertThat(Labels.stored(Labels.normalise(Set.of("B|x", "a"))))
                .isEqualTo(Labels.stored(Set.of("a", "b|X")));
        assertThat(Labels.stored(Set.of())).isNull();
    }
}
