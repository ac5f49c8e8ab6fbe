package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Theories.between;
import static org.entente.pattern.Theories.list;
import static org.entente.pattern.Theories.of;
import static org.entente.pattern.Theories.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The IPv4 block index (short trie, /16 slots, third-octet spreading) finds exactly the blocks that
 * contain an address or block, also after removals, with many blocks crowded into a few /16s.
 */
class Ipv4BlocksProperties {

    record Block(long net, int prefix) {
        Ip.Net toNet() {
            return Ip.mask(false, 0, net, prefix);
        }
    }

    @Test
    void findsExactlyTheContainingBlocks() {
        theory(200)
                .forAll(list(block(), 1, 80), list(address(), 1, 30), list(between(0, 1000), 0, 40))
                .checkAssert(Ipv4BlocksProperties::check);
    }

    private static void check(List<Block> blocks, List<Long> addresses, List<Integer> removals) {
        Ipv4Blocks index = new Ipv4Blocks();
        List<Ip.Net> live = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Ip.Net net = blocks.get(i).toNet();
            index.add(net, i);
            live.add(net);
        }
        for (int r : removals) {
            int i = r % blocks.size();
            if (live.get(i) != null) {
                index.remove(live.get(i), i);
                live.set(i, null);
            }
        }
        for (long a : addresses) {
            Ip.Net address = Ip.mask(false, 0, a, 32);
            TreeSet<Integer> expected = new TreeSet<>();
            for (int i = 0; i < live.size(); i++) {
                if (live.get(i) != null && address.within(live.get(i))) {
                    expected.add(i);
                }
            }
            TreeSet<Integer> byBits = new TreeSet<>();
            index.containing(a, byBits::add);
            TreeSet<Integer> byNet = new TreeSet<>();
            index.containing(address, byNet::add);
            assertThat(byBits).isEqualTo(expected);
            assertThat(byNet).isEqualTo(expected);
        }
    }

    /** Addresses and blocks crowd into two /16s, so slots spread by third octet. */
    private static Gen<Long> address() {
        return of(0x0A00_0000L, 0xC0A8_0000L, 0x0A01_0000L)
                .zip(
                        between(0, 3),
                        between(0, 255),
                        (base, octet3, octet4) -> base | ((long) octet3 << 8) | octet4);
    }

    private static Gen<Block> block() {
        return address().zip(between(8, 32), Block::new);
    }
}
