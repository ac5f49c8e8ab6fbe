package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Property(tries = 200)
    void findsExactlyTheContainingBlocks(
            @ForAll("blocks") List<Block> blocks,
            @ForAll("addresses") List<Long> addresses,
            @ForAll("removals") List<Integer> removals) {
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
    private static Arbitrary<Long> address() {
        return Combinators.combine(
                        Arbitraries.of(0x0A00_0000L, 0xC0A8_0000L, 0x0A01_0000L),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 255))
                .as((base, octet3, octet4) -> base | ((long) octet3 << 8) | octet4);
    }

    @Provide
    Arbitrary<List<Block>> blocks() {
        return Combinators.combine(address(), Arbitraries.integers().between(8, 32))
                .as(Block::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<Long>> addresses() {
        return address().list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Integer>> removals() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(40);
    }
}
