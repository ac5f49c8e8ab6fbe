package org.entente.pattern;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The observation expressions ("leaves") of every loaded indicator, indexed so that an observation
 * costs a few lookups whatever their number. Each leaf gets a plan from its comparisons: a value it
 * needs ({@code =}, {@code IN}) goes into a hash index of its object path, a CIDR block ({@code
 * ISSUBSET}) into a binary trie, a literal every match contains ({@code LIKE}, {@code MATCHES})
 * into an n-gram index; an {@code AND} is filed under its cheapest operand, an {@code OR} under all
 * of them. A leaf with nothing to index (only {@code !=}, {@code NOT}, ranges...) is evaluated on
 * every object of its type. Whatever the index proposes is then evaluated in full, so the index
 * only has to be a superset; it never decides a match alone.
 *
 * <p>Concurrency: one writer at a time (the matcher serialises adds and removes), any number of
 * readers without locks. Posting lists are immutable arrays swapped in concurrent maps, tries are
 * persistent, path lists are copied on write; the writer bumps a volatile generation after each
 * change and readers read it first, which orders everything the writer did before.
 *
 * <p>Where a leaf goes is {@link IndexPlan}'s to say, the structures of one object path are {@link
 * PathIndex}'s; this class keeps the leaves by id, files them by their plans and walks an
 * observation's objects through the paths of their types.
 */
final class LeafIndex {
    /** One observation expression of one indicator. */
    static final class Leaf {
        final int id;
        final Entry entry;
        final int local;
        final Condition condition;

        /**
         * For a leaf that is one plain {@code =} or {@code IN} on strings or integers: its key, or
         * its keys as an {@code Object[]} when there are several. Finding one of them under its
         * path is then the whole evaluation. Null otherwise. One key is kept bare so that a hit
         * reads no array (with a million indicators each object reached is a cache miss).
         */
        final Object exact;

        /**
         * For a leaf that is one plain {@code ISSUBSET} on an IPv4 block: the block's network and
         * prefix length, kept in the leaf itself so that a block hit reads no other object (with a
         * million indicators each object reached is a cache miss). {@code blockPrefix} is -1 for
         * other leaves.
         */
        private final int blockLo;

        private final byte blockPrefix;

        /**
         * Copies of the entry's facts that matching reads for every hit, kept here so that a hit of
         * a one-leaf indicator touches the leaf only (with a million indicators each object reached
         * is a cache miss).
         */
        final String indicatorId;

        final boolean singleLeaf;
        final long validUntilMicros;

        /** Cleared (after the entry's) when the indicator is removed. */
        volatile boolean active = true;

        Leaf(int id, Entry entry, int local, Condition condition) {
            this.id = id;
            this.entry = entry;
            this.local = local;
            this.condition = condition;
            this.indicatorId = entry.id();
            this.singleLeaf = entry.program.singleLeaf();
            this.validUntilMicros = entry.validUntilMicros;
            Condition.Test t =
                    condition instanceof Condition.Test test && !test.negated && !test.path.binary
                            ? test
                            : null;
            Object[] keys = t != null && (t.op == Op.EQ || t.op == Op.IN) ? exactKeys(t) : null;
            this.exact = keys != null && keys.length == 1 ? keys[0] : keys;
            Ip.Net block =
                    t != null && t.op == Op.ISSUBSET
                            ? Ip.parse(((Constant.StringValue) t.value).value())
                            : null;
            boolean v4 = block != null && !block.v6();
            this.blockLo = v4 ? (int) block.lo() : 0;
            this.blockPrefix = v4 ? (byte) block.prefix() : -1;
        }

        /** The path structure this leaf's keys were filed in (writer sets it; readers compare). */
        volatile PathIndex filedIn;

        /** True when {@code key} found in {@code index} decides that this leaf holds. */
        boolean decidedBy(PathIndex index, Object key) {
            Object e = exact;
            if (e == null || filedIn != index) {
                return false;
            }
            if (!(e instanceof Object[] keys)) {
                return e.equals(key);
            }
            for (Object k : keys) {
                if (k.equals(key)) {
                    return true;
                }
            }
            return false;
        }

        /** True when the IPv4 address {@code bits} decides that this leaf holds. */
        boolean decidedBy(long bits) {
            if (blockPrefix < 0) {
                return false;
            }
            int mask = blockPrefix == 0 ? 0 : -1 << (32 - blockPrefix);
            return ((int) bits & mask) == blockLo;
        }

        /** Keys that decide the comparison alone: not addresses (compared as such), not floats. */
        private static Object[] exactKeys(Condition.Test t) {
            Constant value = t.value;
            List<Constant> items =
                    value instanceof Constant.SetValue set ? set.items() : List.of(value);
            Object[] keys = new Object[items.size()];
            for (int i = 0; i < keys.length; i++) {
                Constant c = items.get(i);
                if (c instanceof Constant.StringValue s && Ip.parse(s.value()) == null) {
                    keys[i] = s.value();
                } else if (c instanceof Constant.IntValue n) {
                    keys[i] = n.value();
                } else {
                    return null;
                }
            }
            return keys;
        }
    }

    static final class TypeIndex {
        final Map<ObjectPath, PathIndex> byPath = new HashMap<>();
        volatile PathIndex[] paths = new PathIndex[0];
        volatile int[] scan = Postings.EMPTY;
    }

    private final ConcurrentHashMap<String, TypeIndex> types = new ConcurrentHashMap<>();
    private volatile Leaf[] table = new Leaf[1024];
    private volatile long generation;
    private int[] free = new int[16];
    private int freeCount;
    private int nextId;
    private int leafCount;

    // ---- writing (one writer at a time) -----------------------------------------------------

    /** Files every leaf of {@code entry}. */
    void add(Entry entry) {
        Program program = entry.program;
        Leaf[] leaves = new Leaf[program.leafCount()];
        for (int i = 0; i < leaves.length; i++) {
            Condition c = program.leaves[i];
            Leaf leaf = new Leaf(allocate(), entry, i, c);
            Leaf[] t = table;
            if (leaf.id >= t.length) {
                t = Arrays.copyOf(t, Math.max(t.length * 2, leaf.id + 1));
                table = t;
            }
            t[leaf.id] = leaf;
            leaves[i] = leaf;
            file(leaf, true);
        }
        entry.leaves = leaves;
        leafCount += leaves.length;
        generation++;
    }

    void remove(Entry entry) {
        entry.active = false;
        for (Leaf leaf : entry.leaves) {
            leaf.active = false;
            file(leaf, false);
            table[leaf.id] = null;
            release(leaf.id);
        }
        leafCount -= entry.leaves.length;
        generation++;
    }

    int leafCount() {
        return leafCount;
    }

    Leaf[] table() {
        return table;
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        return nextId++;
    }

    private void release(int id) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = id;
    }

    /**
     * Files or unfiles a leaf under its plan. The plan is not kept with the leaf (memory): it is a
     * function of the condition, made again on removal.
     */
    private void file(Leaf leaf, boolean add) {
        IndexPlan.Plan plan = IndexPlan.plan(leaf.condition);
        for (IndexPlan.Anchor a : plan.anchors()) {
            PathRef path =
                    a instanceof IndexPlan.Equal e
                            ? e.path()
                            : a instanceof IndexPlan.Block b
                                    ? b.path()
                                    : ((IndexPlan.Literal) a).path();
            TypeIndex ti = types.computeIfAbsent(path.type, t -> new TypeIndex());
            PathIndex pi = ti.byPath.get(path.path);
            if (pi == null) {
                if (!add) {
                    continue;
                }
                pi = new PathIndex(path);
                ti.byPath.put(path.path, pi);
                ti.paths = ti.byPath.values().toArray(new PathIndex[0]);
            }
            if (a instanceof IndexPlan.Equal e) {
                if (add && leaf.exact != null) {
                    leaf.filedIn = pi;
                }
                pi.fileEqual(e.key(), leaf.id, add);
            } else if (a instanceof IndexPlan.Block b) {
                pi.fileBlock(b.net(), leaf.id, add);
            } else {
                IndexPlan.Literal l = (IndexPlan.Literal) a;
                if (add) {
                    leafLiterals.put(
                            literalKey(leaf.id, l.literal()), pi.addLiteral(l.literal(), leaf.id));
                } else {
                    pi.removeLiteral(
                            l.literal(),
                            leafLiterals.remove(literalKey(leaf.id, l.literal())),
                            leaf.id);
                }
            }
            pi.uses += add ? 1 : -1;
            if (pi.uses == 0) {
                ti.byPath.remove(path.path);
                ti.paths = ti.byPath.values().toArray(new PathIndex[0]);
            }
        }
        for (String type : plan.scanTypes()) {
            TypeIndex ti = types.computeIfAbsent(type, t -> new TypeIndex());
            ti.scan = add ? Postings.with(ti.scan, leaf.id) : Postings.without(ti.scan, leaf.id);
        }
    }

    /** Which gram each literal of each leaf was filed under (writer side only). */
    private final Map<String, Long> leafLiterals = new HashMap<>();

    private static String literalKey(int id, String literal) {
        return id + "\u0000" + literal;
    }

    // ---- reading (any thread) ---------------------------------------------------------------

    /**
     * Finds the leaves {@code obs} satisfies, evaluating only the candidates the index proposes,
     * into {@code probe}.
     */
    void collect(Observation obs, Probe probe) {
        if (generation < 0) {
            return; // never: the read orders this thread after the writer's last change
        }
        probe.beginObservation(table);
        for (int i = 0, n = obs.size(); i < n; i++) {
            JsonNode root = obs.object(i);
            JsonNode typeNode = root.get("type");
            if (typeNode == null || !typeNode.isString()) {
                continue;
            }
            String type = typeNode.stringValue();
            TypeIndex ti = types.get(type);
            if (ti == null) {
                continue;
            }
            probe.beginRoot();
            for (PathIndex pi : ti.paths) {
                probe.path = pi;
                pi.path.resolve(obs, root, probe.visitor());
            }
            for (int id : ti.scan) {
                probe.candidate(id);
            }
            probe.verify(obs, root, type);
        }
    }
}
