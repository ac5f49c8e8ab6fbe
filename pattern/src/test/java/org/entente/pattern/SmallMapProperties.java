package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The small array map behind event and SCO objects behaves as an insertion-ordered map. */
class SmallMapProperties {
    record Step(int op, String key, int value) {}

    @Property(tries = 300)
    void behavesLikeALinkedHashMap(@ForAll("steps") List<Step> steps) {
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

    @Provide
    Arbitrary<List<Step>> steps() {
        // up to 40 keys, so the map passes the size at which it adds a hash index
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 39).map(i -> "k" + i),
                        Arbitraries.integers())
                .as(Step::new)
                .list()
                .ofMaxSize(200);
    }
}
