package org.entente.server.console;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entente.pattern.ComparisonExpr;
import org.entente.pattern.Constant;
import org.entente.pattern.ObjectPath;
import org.entente.pattern.ObservationExpr;
import org.entente.pattern.Op;
import org.entente.pattern.StixPattern;

/**
 * One line of a constituent's blocklist: an address or network, a domain, a URL or a file hash,
 * taken from an indicator's STIX pattern by the pattern module's parser. Only patterns a firewall
 * or a proxy can act on as they are give entries: one observation (or an OR of them) whose
 * comparisons are equalities joined by OR, on {@code ipv4-addr:value}, {@code ipv6-addr:value},
 * {@code domain-name:value}, {@code url:value} or {@code file:hashes.'<algorithm>'}. Anything else
 * (AND, FOLLOWEDBY, qualifiers, other operators or paths) gives nothing, as does a value that is
 * not well formed for its kind: a blocklist is a file that another machine trusts line by line, so
 * a value that could carry a line break, a second value or a whole address space never reaches it.
 *
 * @param algorithm the hash's algorithm for {@link Kind#HASH} ({@code SHA-256}), else empty
 */
record BlockEntry(Kind kind, String value, String algorithm) {
    BlockEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(algorithm, "algorithm");
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "value: empty or holds a space or control character");
        }
    }

    /** What the entry names; the file each goes in ({@code ip.txt}). */
    enum Kind {
        IP,
        DOMAIN,
        URL,
        HASH;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> ofKey(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** The hash algorithms taken, with the length of their hex digest. */
    static final Map<String, Integer> HASHES =
            Map.of("MD5", 32, "SHA-1", 40, "SHA-256", 64, "SHA-512", 128);

    /** The longest pattern read: longer ones are no simple equality. */
    static final int MAX_PATTERN = 64 * 1024;

    /** The longest URL taken. */
    static final int MAX_URL = 2048;

    /**
     * The entries of a pattern, or empty when the pattern is not one a blocklist can hold whole: an
     * indicator gives all its values or none, so a list never acts on half an indicator.
     */
    static Optional<List<BlockEntry>> of(String pattern) {
        if (pattern == null || pattern.length() > MAX_PATTERN) {
            return Optional.empty();
        }
        StixPattern parsed;
        try {
            parsed = StixPattern.parse(pattern);
        } catch (IllegalArgumentException e) { // PatternException among them
            return Optional.empty();
        }
        List<BlockEntry> out = new ArrayList<>();
        return observations(parsed.root(), out) ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    private static boolean observations(ObservationExpr e, List<BlockEntry> out) {
        if (e instanceof ObservationExpr.Observe o) {
            return comparisons(o.expr(), out);
        }
        if (e instanceof ObservationExpr.Or or) {
            for (ObservationExpr operand : or.operands()) {
                if (!observations(operand, out)) {
                    return false;
                }
            }
            return true;
        }
        return false; // AND, FOLLOWEDBY and the qualifiers ask for more than one observation
    }

    private static boolean comparisons(ComparisonExpr e, List<BlockEntry> out) {
        if (e instanceof ComparisonExpr.Or or) {
            for (ComparisonExpr operand : or.operands()) {
                if (!comparisons(operand, out)) {
                    return false;
                }
            }
            return true;
        }
        if (e instanceof ComparisonExpr.Test t
                && t.op() == Op.EQ
                && !t.negated()
                && t.value() instanceof Constant.StringValue s) {
            Optional<BlockEntry> entry = entry(t.path(), s.value());
            entry.ifPresent(out::add);
            return entry.isPresent();
        }
        return false;
    }

    private static Optional<BlockEntry> entry(ObjectPath path, String value) {
        List<ObjectPath.Step> steps = path.steps();
        boolean valueProperty =
                steps.size() == 1
                        && steps.get(0) instanceof ObjectPath.Key k
                        && k.name().equals("value");
        return switch (path.objectType()) {
            case "ipv4-addr" ->
                    valueProperty ? ipv4(value).map(v -> new BlockEntry(Kind.IP, v, "")) : none();
            case "ipv6-addr" ->
                    valueProperty ? ipv6(value).map(v -> new BlockEntry(Kind.IP, v, "")) : none();
            case "domain-name" ->
                    valueProperty
                            ? domain(value).map(v -> new BlockEntry(Kind.DOMAIN, v, ""))
                            : none();
            case "url" ->
                    valueProperty ? url(value).map(v -> new BlockEntry(Kind.URL, v, "")) : none();
            case "file" -> fileHash(steps, value);
            default -> none();
        };
    }

    private static Optional<BlockEntry> fileHash(List<ObjectPath.Step> steps, String value) {
        if (steps.size() == 2
                && steps.get(0) instanceof ObjectPath.Key h
                && h.name().equals("hashes")
                && steps.get(1) instanceof ObjectPath.Key a
                && HASHES.containsKey(a.name())) {
            return hash(value, HASHES.get(a.name()))
                    .map(v -> new BlockEntry(Kind.HASH, v, a.name()));
        }
        return none();
    }

    private static Optional<BlockEntry> none() {
        return Optional.empty();
    }

    /**
     * The shortest network prefixes taken: a wider one (0.0.0.0/0, say) would block a large part of
     * the Internet for whoever loads the list, which no single indicator should do unseen.
     */
    static final int MIN_PREFIX_V4 = 8;

    static final int MIN_PREFIX_V6 = 16;

    /** An IPv4 address or network, dotted decimal without leading zeros, or empty. */
    static Optional<String> ipv4(String text) {
        String address = text;
        String suffix = "";
        int slash = text.indexOf('/');
        if (slash >= 0) {
            int bits = prefix(text.substring(slash + 1), 32);
            if (bits < MIN_PREFIX_V4) {
                return Optional.empty();
            }
            address = text.substring(0, slash);
            suffix = "/" + bits;
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')
                    || Integer.parseInt(part) > 255) {
                return Optional.empty();
            }
            out.append(out.isEmpty() ? "" : ".").append(part);
        }
        return Optional.of(out + suffix);
    }

    /** An IPv6 address or network, in Java's full form, or empty. */
    static Optional<String> ipv6(String text) {
        String address = text;
        String suffix = "";
        int slash = text.indexOf('/');
        if (slash >= 0) {
            int bits = prefix(text.substring(slash + 1), 128);
            if (bits < MIN_PREFIX_V6) {
                return Optional.empty();
            }
            address = text.substring(0, slash);
            suffix = "/" + bits;
        }
        // only a literal's characters, with a colon: InetAddress then parses it and never asks DNS
        if (address.length() < 2
                || address.length() > 45
                || address.indexOf(':') < 0
                || !address.chars()
                        .allMatch(
                                c ->
                                        (c >= '0' && c <= '9')
                                                || (c >= 'a' && c <= 'f')
                                                || (c >= 'A' && c <= 'F')
                                                || c == ':'
                                                || c == '.')) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(address);
            if (a.getAddress().length != 16) {
                return Optional.empty(); // an IPv4-mapped address Java folds to IPv4
            }
            return Optional.of(a.getHostAddress() + suffix);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A prefix length of at most {@code max} bits, in decimal; -1 when it is none. */
    private static int prefix(String text, int max) {
        if (text.isEmpty()
                || text.length() > 3
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int bits = Integer.parseInt(text);
        return bits > max ? -1 : bits;
    }

    /** A host name of letters, digits, hyphens and underscores, lower case, or empty. */
    static Optional<String> domain(String text) {
        String d = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (d.isEmpty() || d.length() > 253 || d.indexOf('.') < 0) {
            return Optional.empty();
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty()
                    || label.length() > 63
                    || label.startsWith("-")
                    || label.endsWith("-")
                    || !label.chars()
                            .allMatch(
                                    c ->
                                            (c >= 'a' && c <= 'z')
                                                    || (c >= 'A' && c <= 'Z')
                                                    || (c >= '0' && c <= '9')
                                                    || c == '-'
                                                    || c == '_')) {
                return Optional.empty();
            }
        }
        return Optional.of(d.toLowerCase(Locale.ROOT));
    }

    /**
     * An absolute URL with a host, of printable ASCII without spaces or quotes (a list line and a
     * CSV cell both take it as it is), or empty.
     */
    static Optional<String> url(String text) {
        if (text.length() > MAX_URL
                || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            return Optional.empty();
        }
        try {
            URI u = new URI(text);
            if (u.getScheme() == null || u.getHost() == null || !u.isAbsolute()) {
                return Optional.empty();
            }
            return Optional.of(text);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A hex digest of the algorithm's length, lower case, or empty. */
    static Optional<String> hash(String text, int length) {
        if (text.length() != length
                || !text.chars()
                        .allMatch(
                                c ->
                                        (c >= '0' && c <= '9')
                                                || (c >= 'a' && c <= 'f')
                                                || (c >= 'A' && c <= 'F'))) {
            return Optional.empty();
        }
        return Optional.of(text.toLowerCase(Locale.ROOT));
    }
}
