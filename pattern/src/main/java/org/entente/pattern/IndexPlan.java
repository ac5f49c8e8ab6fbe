package org.entente.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the {@link LeafIndex} files a leaf: from its comparisons, the anchors (a value it needs, a
 * CIDR block, a literal every match contains) and the object types on which it must always be
 * evaluated; an {@code AND} under its most selective operand, an {@code OR} under all of them. Its
 * own class because planning is a pure function of the condition, made again on removal, and weighs
 * selectivity without touching the index's structures.
 */
final class IndexPlan {
    private IndexPlan() {}

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
                s += IndexPlan.selectivity(a);
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

    /** Where the index files a leaf of this condition. */
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

    /**
     * The hash key of an equality constant: the string, or the integer value of a number. NB: must
     * agree with {@link PathIndex#key}, the key of an observed value.
     */
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
}
