package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Theories.between;
import static org.entente.pattern.Theories.list;
import static org.entente.pattern.Theories.theory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The small array map behind event and SCO objects behaves as an insertion-ordered map. */
class SmallMapProperties {
    record Step(int op, String key, int value) {}

    @Test
    void behavesLikeALinkedHashMap() {
        theory(300).forAll(steps()).checkAssert(SmallMapProperties::check);
    }

    private static void check(List<Step> steps) {
        SmallMap small = new SmallMap();
        Map<String, JsonNode> reference = new LinkedHashMap<>();
        for (Step s : steps) {
            JsonNode v = JsonNodeFactory.instance.numberNode(s.value());
            switch (s.op()) {
                case 0, 1, 2 ->
                        assertThat(small.put(s.key(), v)).isEqualTo(reference.put(s.key(), v));
                case 3 -> assertThat(small.remove(s.key())).isEqualTo(reference.remove(s.key()));
                default -> {
                    var it = small.entrySet().iterator();
                    var ref = reference.entrySet().iterator();
                    while (ref.hasNext()) {
                        Map.Entry<String, JsonNode> e = ref.next();
                        Map.Entry<String, JsonNode> f = it.next();
                        if (e.getKey().equals(s.key())) {
                            ref.remove();
                            it.remove();
                        }
                        assertThat(f.getKey()).isEqualTo(e.getKey());
                    }
                }
            }
            assertThat(small.get(s.key())).isEqualTo(reference.get(s.key()));
            assertThat(small.containsKey(s.key())).isEqualTo(reference.containsKey(s.key()));
            assertThat(new ArrayList<>(small.keySet()))
                    .isEqualTo(new ArrayList<>(reference.keySet()));
            assertThat(small).isEqualTo(reference);
        }
    }

    private static Gen<List<Step>> steps() {
        // up to 40 keys, so the map passes the size at which it adds a hash index
        Gen<Step> step =
                between(0, 4)
                        .zip(
                                between(0, 39).map(i -> "k" + i),
                                SourceDSL.integers().all(),
                                Step::new);
        return list(step, 0, 200);
    }
}
