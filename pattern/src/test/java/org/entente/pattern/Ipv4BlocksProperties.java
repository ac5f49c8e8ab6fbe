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

    /**
     * Blocks and addresses over two whole /16s (every third octet, blocks from /14 to /32), so that
     * blocks fall in the short trie, in a slot's middle and fine lists and in its third-octet
     * lists, and addresses fall both inside and outside them.
     */
    @Test
    void findsExactlyTheContainingBlocksAcrossWholeSixteens() {
        theory(200)
                .forAll(
                        list(spreadBlock(), 1, 60),
                        list(spreadAddress(), 1, 40),
                        list(between(0, 1000), 0, 40))
                .checkAssert(Ipv4BlocksProperties::check);
    }

    @Test
    void aRemovedBlockStopsMatchingAndItsNeighboursStillMatch() {
        Ipv4Blocks index = new Ipv4Blocks();
        Ip.Net wide = Ip.parse("198.51.96.0/20"); // spans four /22s, 96 to 111 in the third octet
        Ip.Net inside = Ip.parse("198.51.100.0/24");
        Ip.Net other = Ip.parse("198.51.101.128/25"); // the same /22 as inside
        index.add(wide, 1);
        index.add(inside, 2);
        index.add(other, 3);
        assertThat(found(index, "198.51.111.7")).containsExactly(1);
        assertThat(found(index, "198.51.101.200")).containsExactly(1, 3);
        assertThat(found(index, "198.51.112.1")).isEmpty();
        index.remove(wide, 1);
        assertThat(found(index, "198.51.111.7")).isEmpty();
        assertThat(found(index, "198.51.100.9")).containsExactly(2);
        index.remove(other, 3);
        assertThat(found(index, "198.51.100.9")).containsExactly(2);
        assertThat(found(index, "198.51.101.200")).isEmpty();
        index.remove(inside, 2);
        assertThat(found(index, "198.51.100.9")).isEmpty();
        assertThat(index.isEmpty()).isTrue();
    }

    private static TreeSet<Integer> found(Ipv4Blocks index, String address) {
        Ip.Net net = Ip.parse(address);
        TreeSet<Integer> byBits = new TreeSet<>();
        index.containing(net.lo(), byBits::add);
        TreeSet<Integer> byNet = new TreeSet<>();
        index.containing(net, byNet::add);
        assertThat(byNet).isEqualTo(byBits);
        return byBits;
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

    /** Addresses anywhere in two neighbouring /16s. */
    private static Gen<Long> spreadAddress() {
        return of(0xC633_0000L, 0xC634_0000L)
                .zip(
                        between(0, 255),
                        between(0, 255),
                        (base, octet3, octet4) -> base | ((long) octet3 << 8) | octet4);
    }

    private static Gen<Block> spreadBlock() {
        return spreadAddress().zip(between(14, 32), Block::new);
    }

    private static Gen<Block> block() {
        return address().zip(between(8, 32), Block::new);
    }
}
