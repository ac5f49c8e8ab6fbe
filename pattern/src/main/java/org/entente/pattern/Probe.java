package org.entente.pattern;

import java.util.Arrays;
import java.util.function.IntConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One thread's working memory for finding which indicators' observation expressions an observation
 * satisfies ({@link IndicatorMatcher#newProbe()}). Not thread-safe: give each worker thread its
 * own; any number of probes may search one matcher at once, also while indicators are added and
 * removed.
 */
public final class Probe {
    private final LeafIndex index;
    private final Lookup lookup = new Lookup();
    private LeafIndex.Leaf[] table;

    /** Candidates of the current object, deduplicated by stamping leaf ids with an epoch. */
    private int[] stamp = new int[1024];

    private int epoch;
    private int[] candidates = new int[64];
    private int candidateCount;

    /** Leaves satisfied by the current observation, deduplicated the same way. */
    private int[] hitStamp = new int[1024];

    private int observationEpoch;
    private LeafIndex.Leaf[] hits = new LeafIndex.Leaf[16];
    private int hitCount;

    PathIndex path;

    /** Candidates evaluated in full since this probe was made (tests, benchmarks). */
    private long evaluated;

    Probe(LeafIndex index) {
        this.index = index;
    }

    /** The observation expressions of loaded indicators that {@code obs} satisfies. */
    public Hits find(Observation obs) {
        index.collect(obs, this);
        return hitCount == 0 ? Hits.NONE : new Hits(Arrays.copyOf(hits, hitCount));
    }

    /** How many candidates this probe has evaluated in full so far. */
    long evaluated() {
        return evaluated;
    }

    void beginObservation(LeafIndex.Leaf[] table) {
        this.table = table;
        hitCount = 0;
        if (++observationEpoch == 0) {
            Arrays.fill(hitStamp, 0);
            observationEpoch = 1;
        }
    }

    void beginRoot() {
        candidateCount = 0;
        if (++epoch == 0) {
            Arrays.fill(stamp, 0);
            epoch = 1;
        }
    }

    void candidate(int id) {
        if (id >= stamp.length) {
            stamp = Arrays.copyOf(stamp, Math.max(stamp.length * 2, id + 1));
        }
        if (stamp[id] == epoch) {
            return;
        }
        stamp[id] = epoch;
        if (candidateCount == candidates.length) {
            candidates = Arrays.copyOf(candidates, candidateCount * 2);
        }
        candidates[candidateCount++] = id;
    }

    /** The leaf of an id, or null when it was removed. */
    LeafIndex.Leaf leaf(int id) {
        LeafIndex.Leaf[] t = table;
        if (id >= t.length) {
            t = table = index.table();
            if (id >= t.length) {
                return null;
            }
        }
        return t[id];
    }

    /** Records a leaf the observation satisfies (once per observation). */
    void hit(LeafIndex.Leaf leaf) {
        int id = leaf.id;
        if (!leaf.active) {
            return;
        }
        if (id >= hitStamp.length) {
            hitStamp = Arrays.copyOf(hitStamp, Math.max(hitStamp.length * 2, id + 1));
        }
        if (hitStamp[id] == observationEpoch) {
            return;
        }
        hitStamp[id] = observationEpoch;
        if (hitCount == hits.length) {
            hits = Arrays.copyOf(hits, hitCount * 2);
        }
        hits[hitCount++] = leaf;
    }

    void verify(Observation obs, JsonNode root, String type) {
        for (int c = 0; c < candidateCount; c++) {
            int id = candidates[c];
            LeafIndex.Leaf[] t = table;
            if (id >= t.length) {
                t = table = index.table();
                if (id >= t.length) {
                    continue;
                }
            }
            LeafIndex.Leaf leaf = t[id];
            if (leaf == null || !leaf.active) {
                continue;
            }
            if (id >= hitStamp.length) {
                hitStamp = Arrays.copyOf(hitStamp, Math.max(hitStamp.length * 2, id + 1));
            }
            if (hitStamp[id] == observationEpoch) {
                continue;
            }
            evaluated++;
            if (leaf.condition.test(obs, root, type)) {
                hitStamp[id] = observationEpoch;
                if (hitCount == hits.length) {
                    hits = Arrays.copyOf(hits, hitCount * 2);
                }
                hits[hitCount++] = leaf;
            }
        }
    }

    PathRef.Visitor visitor() {
        return lookup;
    }

    /** Looks each value of the current path up in that path's structures. */
    private final class Lookup implements PathRef.Visitor, IntConsumer {
        @Override
        public boolean visit(JsonNode value, JsonNode owner) {
            PathIndex pi = path;
            Normalise.Fold fold = pi.path.fold;
            if (fold != Normalise.Fold.NONE && value.isString()) {
                String s = value.stringValue();
                String f = fold.apply(s);
                if (f != s) {
                    value = JsonNodeFactory.instance.stringNode(f);
                }
            }
            Object key = PathIndex.key(value);
            if (key != null) {
                equal(pi, key);
                if (pi.addresses
                        && key instanceof String s
                        && (s.indexOf(':') >= 0 || s.indexOf('/') >= 0)) {
                    String canonical = Ip.canonical(s);
                    if (!canonical.equals(s)) {
                        equal(pi, canonical);
                    }
                }
            }
            if (value.isString()) {
                Ipv4Blocks v4 = pi.v4;
                CidrTrie v6 = pi.v6;
                if (!v4.isEmpty() || !v6.isEmpty()) {
                    String s = value.stringValue();
                    long bits;
                    if (s == parsedText) {
                        bits = parsedBits;
                    } else {
                        bits = s.indexOf('/') < 0 ? Ip.parse4(s, 0, s.length()) : -1;
                        parsedText = s;
                        parsedBits = bits;
                    }
                    if (bits >= 0) {
                        address = bits;
                        v4.containing(bits, blocks); // a plain address: no parse object
                    } else {
                        Ip.Net net = Ip.parse(s);
                        if (net != null) {
                            if (net.v6()) {
                                v6.containing(net, this);
                            } else {
                                v4.containing(net, this);
                            }
                        }
                    }
                }
                if (pi.hasLiterals) {
                    pi.literals.scan(value.stringValue(), this); // the scan reads it in NFC
                }
            }
            return false;
        }

        /** Looks a key up; leaves it decides alone are hits at once, others are candidates. */
        private void equal(PathIndex pi, Object key) {
            if (!PathIndex.mayHold(pi.keyFilter, PathIndex.filterHash(key))) {
                return;
            }
            int[] ids = pi.equal.get(key);
            if (ids == null) {
                return;
            }
            for (int id : ids) {
                LeafIndex.Leaf leaf = leaf(id);
                if (leaf != null && leaf.decidedBy(pi, key)) {
                    hit(leaf);
                } else {
                    candidate(id);
                }
            }
        }

        /**
         * The last string read as an address and its bits (-1: not a plain IPv4 address). One
         * address object is reached by several paths ({@code ipv4-addr:value}, {@code
         * network-traffic:dst_ref.value}...): the same string, read once.
         */
        private String parsedText;

        private long parsedBits;

        /** The current address for {@link #blocks}. */
        private long address;

        /** Receives the ids of IPv4 blocks that contain {@link #address}. */
        private final IntConsumer blocks =
                id -> {
                    LeafIndex.Leaf leaf = leaf(id);
                    if (leaf != null && leaf.decidedBy(address)) {
                        hit(leaf);
                    } else {
                        candidate(id);
                    }
                };

        @Override
        public void accept(int id) {
            candidate(id);
        }
    }
}
