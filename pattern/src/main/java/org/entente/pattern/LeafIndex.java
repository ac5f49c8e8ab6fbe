package org.entente.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The observation expressions ("leaves") of every loaded indicator, indexed so that an observation
 * costs a few lookups whatever their number. Each leaf gets a plan from its comparisons: a value it
 * needs ({@code =}, {@code IN}) goes into a hash index of its object path, a CIDR block ({@code
 * ISSUBSET}) into a binary trie, a literal every match contains ({@code LIKE}, {@code MATCHES})
 * into a trigram index; an {@code AND} is filed under its cheapest operand, an {@code OR} under all
 * of them. A leaf with nothing to index (only {@code !=}, {@code NOT}, ranges...) is evaluated on
 * every object of its type. Whatever the index proposes is then evaluated in full, so the index
 * only has to be a superset; it never decides a match alone.
 *
 * <p>Concurrency: one writer at a time (the matcher serialises adds and removes), any number of
 * readers without locks. Posting lists are immutable arrays swapped in concurrent maps, tries are
 * persistent, path lists are copied on write; the writer bumps a volatile generation after each
 * change and readers read it first, which orders everything the writer did before.
 */
final class LeafIndex {
    /** One observation expression of one indicator. */
    static final class Leaf {
        final int id;
        final Entry entry;
        final int local;
        final Condition condition;

        /**
         * For a leaf that is one plain {@code =} or {@code IN} on strings or integers: its keys.
         * Finding one of them under its path is then the whole evaluation. Null otherwise.
         */
        final Object[] exactKeys;

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
            this.exactKeys = keys;
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
            if (exactKeys == null || filedIn != index) {
                return false;
            }
            for (Object k : exactKeys) {
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

    /** Where a leaf is filed. */
    sealed interface Anchor {}

    record Equal(PathRef path, Object key) implements Anchor {}

    record Block(PathRef path, Ip.Net net) implements Anchor {}

    record Literal(PathRef path, String literal) implements Anchor {}

    /**
     * A leaf's anchors plus the object types on which it must always be evaluated.
     *
     * @param selectivity the estimated share of objects this plan proposes as candidates (see
     *     {@link #selectivity(Anchor)}); an {@code AND} is filed under its operand of least
     *     selectivity, whatever its position
     */
    record Plan(List<Anchor> anchors, Set<String> scanTypes, double selectivity) {
        Plan(List<Anchor> anchors, Set<String> scanTypes) {
            this(anchors, scanTypes, estimate(anchors, scanTypes));
        }

        private static double estimate(List<Anchor> anchors, Set<String> scanTypes) {
            double s = scanTypes.size();
            for (Anchor a : anchors) {
                s += LeafIndex.selectivity(a);
            }
            return s;
        }
    }

    /** Evaluating every object of a type: every object is a candidate. */
    static final double SCAN = 1.0;

    /**
     * The rough share of objects that an anchor lets through, by kind; only the order matters.
     * Equality on a value (an address, a hash, a name, a URL) picks one thing among millions;
     * equality on an integer (mostly ports) one among thousands, few of them common; equality on a
     * type or an enumeration ({@code dst_ref.type = 'ipv4-addr'}, {@code protocols[*] = 'tcp'},
     * {@code mime_type}) matches a large share of traffic, and a boolean half of it. A CIDR block
     * lets through its share of the address space; a literal of a LIKE or MATCHES a share that
     * falls with its length.
     */
    static double selectivity(Anchor a) {
        if (a instanceof Equal e) {
            if (e.key instanceof Boolean) {
                return 0.5;
            }
            if (e.key instanceof Long) {
                return 1e-3;
            }
            String key = e.path.lastKey;
            if (key.equals("type")
                    || key.endsWith("_type")
                    || key.endsWith("_types")
                    || ENUMERATIONS.contains(key)) {
                return 1e-2;
            }
            return 1e-6;
        }
        if (a instanceof Block b) {
            int prefix = b.net.prefix();
            double share = b.net.v6() ? Math.pow(2, -prefix / 2.0) : Math.pow(2, -prefix);
            return Math.max(share, 1e-9);
        }
        String literal = ((Literal) a).literal;
        return 1e-3 / Math.max(1, literal.length() - 2);
    }

    /**
     * Properties of the STIX 2.1 cyber-observable objects whose values come from a short list (open
     * vocabularies, protocol names, methods), so that equality on them is unselective.
     */
    private static final Set<String> ENUMERATIONS =
            Set.of(
                    "protocols",
                    "request_method",
                    "request_version",
                    "encryption_algorithm",
                    "content_type",
                    "content_disposition",
                    "encoding",
                    "charset",
                    "pe_type",
                    "machine_hex",
                    "data_type",
                    "integrity_level",
                    "start_type",
                    "service_type",
                    "service_status",
                    "version",
                    "extension_name");

    /** The structures of one object path, e.g. {@code network-traffic:dst_ref.value}. */
    static final class PathIndex {
        final PathRef path;
        final ConcurrentHashMap<Object, int[]> equal = new ConcurrentHashMap<>();

        /**
         * A Bloom filter of the equality keys (two bits per key), so that most values, which no
         * constant equals, are turned away without touching the map. Grows with the keys; replaced
         * whole, never cleared in place.
         */
        volatile long[] keyFilter = new long[1 << 10];

        int filterKeys;
        int filterRemovals;
        final NgramIndex literals = new NgramIndex();
        final Ipv4Blocks v4 = new Ipv4Blocks();
        volatile CidrTrie v6 = CidrTrie.EMPTY;

        /** Whether some equality constant is an address, compared as such on ip objects. */
        volatile boolean addresses;

        volatile boolean hasLiterals;
        int uses;

        PathIndex(PathRef path) {
            this.path = path;
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
        Plan plan = plan(leaf.condition);
        for (Anchor a : plan.anchors) {
            PathRef path =
                    a instanceof Equal e
                            ? e.path
                            : a instanceof Block b ? b.path : ((Literal) a).path;
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
            if (a instanceof Equal e) {
                if (add && leaf.exactKeys != null) {
                    leaf.filedIn = pi;
                }
                if (add) {
                    pi.equal.merge(e.key, new int[] {leaf.id}, (o, n) -> Postings.with(o, leaf.id));
                    addToFilter(pi, e.key);
                    if (e.key instanceof String s && Ip.parse(s) != null) {
                        pi.addresses = true;
                    }
                } else {
                    pi.equal.computeIfPresent(
                            e.key,
                            (k, o) -> {
                                int[] next = Postings.without(o, leaf.id);
                                return next.length == 0 ? null : next;
                            });
                    if (++pi.filterRemovals > pi.equal.size()) {
                        rebuildFilter(pi, pi.keyFilter.length);
                    }
                }
            } else if (a instanceof Block b) {
                if (b.net.v6()) {
                    pi.v6 = add ? pi.v6.add(b.net, leaf.id) : pi.v6.remove(b.net, leaf.id);
                } else if (add) {
                    pi.v4.add(b.net, leaf.id);
                } else {
                    pi.v4.remove(b.net, leaf.id);
                }
            } else {
                Literal l = (Literal) a;
                if (add) {
                    long trigram = pi.literals.add(l.literal, leaf.id);
                    leafTrigrams.put(trigramKey(leaf.id, l.literal), trigram);
                    pi.hasLiterals = true;
                } else {
                    Long trigram = leafTrigrams.remove(trigramKey(leaf.id, l.literal));
                    if (trigram != null) {
                        pi.literals.remove(l.literal, trigram, leaf.id);
                    }
                    pi.hasLiterals = !pi.literals.isEmpty();
                }
            }
            pi.uses += add ? 1 : -1;
            if (pi.uses == 0) {
                ti.byPath.remove(path.path);
                ti.paths = ti.byPath.values().toArray(new PathIndex[0]);
            }
        }
        for (String type : plan.scanTypes) {
            TypeIndex ti = types.computeIfAbsent(type, t -> new TypeIndex());
            ti.scan = add ? Postings.with(ti.scan, leaf.id) : Postings.without(ti.scan, leaf.id);
        }
    }

    // ---- the key filter ---------------------------------------------------------------------

    static long filterHash(Object key) {
        return NgramIndex.avalanche(key.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /**
     * Whether {@code filter} may hold a key of hash {@code h} (from {@link #filterHash}): a blocked
     * Bloom filter, both bits in one word, so one memory access.
     */
    static boolean mayHold(long[] filter, long h) {
        long mask = (1L << h) | (1L << (h >>> 6));
        return (filter[(int) (h >>> 40) & (filter.length - 1)] & mask) == mask;
    }

    private static void set(long[] filter, long h) {
        filter[(int) (h >>> 40) & (filter.length - 1)] |= (1L << h) | (1L << (h >>> 6));
    }

    private static void addToFilter(PathIndex pi, Object key) {
        if (++pi.filterKeys * 16L > pi.keyFilter.length * 64L) {
            rebuildFilter(pi, pi.keyFilter.length * 2); // keep about 16 bits per key
        } else {
            set(pi.keyFilter, filterHash(key));
        }
    }

    private static void rebuildFilter(PathIndex pi, int longs) {
        long[] filter = new long[longs];
        for (Object k : pi.equal.keySet()) {
            set(filter, filterHash(k));
        }
        pi.filterKeys = pi.equal.size();
        pi.filterRemovals = 0;
        pi.keyFilter = filter; // published whole: readers never see a half-built filter
    }

    /** Which trigram each literal of each leaf was filed under (writer side only). */
    private final Map<String, Long> leafTrigrams = new HashMap<>();

    private static String trigramKey(int id, String literal) {
        return id + "\u0000" + literal;
    }

    // ---- plans ------------------------------------------------------------------------------

    static Plan plan(Condition c) {
        if (c instanceof Condition.All all) {
            Plan best = null;
            for (Condition o : all.operands) {
                Plan p = plan(o);
                if (best == null || p.selectivity() < best.selectivity()) {
                    best = p;
                }
            }
            return best;
        }
        if (c instanceof Condition.Any any) {
            List<Anchor> anchors = new ArrayList<>();
            Set<String> scan = new LinkedHashSet<>();
            for (Condition o : any.operands) {
                Plan p = plan(o);
                anchors.addAll(p.anchors);
                scan.addAll(p.scanTypes);
            }
            return new Plan(List.copyOf(new LinkedHashSet<>(anchors)), Set.copyOf(scan));
        }
        if (c instanceof Condition.Exists e) {
            return scan(e.path);
        }
        Condition.Test t = (Condition.Test) c;
        List<Anchor> anchors = t.negated ? null : anchors(t);
        return anchors == null ? scan(t.path) : new Plan(anchors, Set.of());
    }

    private static Plan scan(PathRef path) {
        return new Plan(List.of(), Set.of(path.type));
    }

    /** The anchors of a comparison, or null when it cannot be indexed. */
    private static List<Anchor> anchors(Condition.Test t) {
        PathRef path = t.path;
        Constant value = t.value;
        switch (t.op) {
            case EQ:
            case IN:
                {
                    if (path.binary) {
                        return null;
                    }
                    List<Constant> items =
                            value instanceof Constant.SetValue s ? s.items() : List.of(value);
                    Set<Anchor> out = new LinkedHashSet<>();
                    for (Constant item : items) {
                        Object key = key(item);
                        if (key == null) {
                            return null;
                        }
                        out.add(new Equal(path, key));
                        if (key instanceof String s && path.lastKey.equals("value")) {
                            Ip.Net net = Ip.parse(s);
                            if (net != null && !net.canonical().equals(s)) {
                                out.add(new Equal(path, net.canonical()));
                            }
                        }
                    }
                    return List.copyOf(out);
                }
            case ISSUBSET:
                {
                    Ip.Net net = Ip.parse(((Constant.StringValue) value).value());
                    return List.of(new Block(path, net));
                }
            case LIKE:
                {
                    if (path.binary) {
                        return null;
                    }
                    String best = "";
                    for (String l : Like.literals(((Constant.StringValue) value).value())) {
                        if (l.length() > best.length()) {
                            best = l;
                        }
                    }
                    return best.length() >= 3 ? List.of(new Literal(path, best)) : null;
                }
            case MATCHES:
                {
                    if (path.binary) {
                        return null;
                    }
                    List<String> anchors =
                            Regexes.anchors(((Constant.StringValue) value).value(), 3);
                    if (anchors.isEmpty()) {
                        return null;
                    }
                    Set<Anchor> out = new LinkedHashSet<>();
                    for (String a : anchors) {
                        // a regex on folded values runs ignoring case, on lower-case values
                        out.add(
                                new Literal(
                                        path,
                                        path.fold == Normalise.Fold.NONE ? a : Normalise.lower(a)));
                    }
                    return List.copyOf(out);
                }
            default:
                return null;
        }
    }

    /** The hash key of an equality constant: the string, or the integer value of a number. */
    private static Object key(Constant c) {
        if (c instanceof Constant.StringValue s) {
            return s.value();
        }
        if (c instanceof Constant.IntValue i) {
            return i.value();
        }
        if (c instanceof Constant.FloatValue f) {
            BigDecimal v = f.value().stripTrailingZeros();
            if (v.scale() <= 0 && v.abs().compareTo(BigDecimal.valueOf(1L << 53)) < 0) {
                return v.longValueExact();
            }
        }
        return null;
    }

    /** The hash key of an observed value, or null if no constant could equal it. */
    static Object key(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            if (value.isIntegralNumber()) {
                return value.canConvertToLong() ? value.longValue() : null;
            }
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < (1L << 53)) {
                BigDecimal exact = value.decimalValue();
                if (exact.stripTrailingZeros().scale() <= 0) {
                    return exact.longValue();
                }
            }
        }
        return null;
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
