package org.entente.bench.pattern;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.entente.stix.StixJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * Indicators and events for the pattern benchmarks, from the real values of {@code
 * ../shared/data/iocs.tsv.gz} and {@code benign.tsv.gz} where present, synthetic otherwise (and
 * where a kind runs short). Deterministic for a given seed.
 *
 * <p>The indicator mix the brief asks for: 70% equality (IPv4 20%, domains 25%, URLs 12.5%, file
 * hashes 12.5%), 20% CIDR ({@code ISSUBSET}), 10% other: {@code LIKE} on domains, {@code MATCHES}
 * on URLs, an {@code AND} of address and port on network traffic, and a domain {@code FOLLOWEDBY}
 * an address {@code WITHIN 600 SECONDS} (2.5% each).
 */
final class BenchData {
    /** Where the shared data lives: -Dentente.shared.data, else ../shared/data. */
    static Path root() {
        String configured = System.getProperty("entente.shared.data");
        return Path.of(configured != null ? configured : "../shared/data")
                .toAbsolutePath()
                .normalize();
    }

    /** Real values by kind (domain, ipv4, url, sha256, md5, sha1, cidr). */
    static final class Values {
        final List<String> domains = new ArrayList<>();
        final List<String> ipv4 = new ArrayList<>();
        final List<String> urls = new ArrayList<>();
        final List<String> hashes = new ArrayList<>();
        final List<String> hashKinds = new ArrayList<>();
        final List<String> cidrs = new ArrayList<>();
        boolean real;
    }

    private static final Map<String, Values> CACHE = new ConcurrentHashMap<>();

    static Values iocs() {
        return CACHE.computeIfAbsent("iocs", k -> read(root().resolve("iocs.tsv.gz"), true));
    }

    static Values benign() {
        return CACHE.computeIfAbsent("benign", k -> read(root().resolve("benign.tsv.gz"), false));
    }

    private static Values read(Path file, boolean malicious) {
        Values v = new Values();
        if (!Files.exists(file)) {
            System.err.println("# " + file + " not found: using synthetic values");
            return v;
        }
        v.real = true;
        HashSet<String> seen = new HashSet<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int t1 = line.indexOf('\t');
                if (t1 < 0 || line.startsWith("#")) {
                    continue;
                }
                int t2 = line.indexOf('\t', t1 + 1);
                String type = line.substring(0, t1);
                String value = t2 < 0 ? line.substring(t1 + 1) : line.substring(t1 + 1, t2);
                String source = t2 < 0 ? "" : line.substring(t2 + 1);
                if (malicious
                        && (source.contains("mass_scanner") || source.contains("suspicious/"))) {
                    continue; // the data's README: scanners and suspicious lists are not malware
                }
                if (value.isEmpty() || !seen.add(value)) {
                    continue;
                }
                switch (type) {
                    case "domain" -> v.domains.add(value.toLowerCase(Locale.ROOT));
                    case "ipv4" -> v.ipv4.add(value);
                    case "ipv4_port" -> {
                        int colon = value.indexOf(':');
                        if (colon > 0 && seen.add(value.substring(0, colon))) {
                            v.ipv4.add(value.substring(0, colon));
                        }
                    }
                    case "url" -> v.urls.add(value);
                    case "sha256", "md5", "sha1" -> {
                        v.hashes.add(value.toLowerCase(Locale.ROOT));
                        v.hashKinds.add(type);
                    }
                    case "cidr" -> {
                        if (value.indexOf(':') < 0) {
                            v.cidrs.add(value);
                        }
                    }
                    default -> {}
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return v;
    }

    /** Marks the events drawn to carry an indicator's value. */
    static final String DRAWN = "bench_drawn";

    /** The pattern of indicator {@code i} of {@code n}, and the value an event needs to hit it. */
    record Spec(String pattern, String kind, String value, String extra) {}

    /**
     * {@code n} indicator specs of one shape that real feeds use, every one of them that shape:
     *
     * <ul>
     *   <li>{@code misp}: MISP-export conjunctions {@code [network-traffic:dst_ref.type =
     *       'ipv4-addr' AND network-traffic:dst_ref.value = '..']}, half with the operands swapped;
     *   <li>{@code hashes}: file hashes under the spellings feeds use ({@code SHA256}, {@code
     *       sha256}, {@code 'SHA-256'}, {@code SHA1}, {@code md5}...), digests in upper case;
     *   <li>{@code domains}: domain names in mixed case, a quarter with a trailing dot;
     * </ul>
     *
     * or, for {@code default}, the documented mix, and for {@code repeated} the same with the CIDR
     * blocks drawn as before 2026-12-03 (repeating and nesting, {@link Blocks}).
     */
    static List<Spec> indicators(int n, long seed, String mix) {
        if (mix.equals("default")) {
            return indicators(n, seed);
        }
        if (mix.equals("repeated")) {
            return indicators(n, seed, true); // the documented mix with the earlier block draws
        }
        Values real = iocs();
        SplittableRandom rnd = new SplittableRandom(seed);
        Cursor domains = new Cursor(real.domains, "dom");
        Cursor ips = new Cursor(real.ipv4, "ip");
        Cursor hashes = new Cursor(real.hashes, "hash");
        String[][] spellings = {
            {"sha256", "SHA256"},
            {"sha256", "sha256"},
            {"sha256", "'SHA-256'"},
            {"sha256", "SHA_256"},
            {"sha1", "SHA1"},
            {"sha1", "'sha-1'"},
            {"md5", "md5"},
            {"md5", "MD5"}
        };
        List<Spec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            switch (mix) {
                case "misp" -> {
                    String ip = ips.next(rnd);
                    String type = "network-traffic:dst_ref.type = 'ipv4-addr'";
                    String value = "network-traffic:dst_ref.value = '" + ip + "'";
                    String p = i % 2 == 0 ? type + " AND " + value : value + " AND " + type;
                    out.add(new Spec("[" + p + "]", "ip", ip, null));
                }
                case "hashes" -> {
                    String[] sp = spellings[i % spellings.length];
                    int bytes = sp[0].equals("md5") ? 16 : sp[0].equals("sha1") ? 20 : 32;
                    String h = hashes.next(rnd);
                    if (h.length() != bytes * 2) {
                        h = hex(rnd, bytes);
                    }
                    out.add(
                            new Spec(
                                    "[file:hashes."
                                            + sp[1]
                                            + " = '"
                                            + h.toUpperCase(Locale.ROOT)
                                            + "']",
                                    "hash-" + sp[0],
                                    h,
                                    null));
                }
                case "domains" -> {
                    String d = domains.next(rnd);
                    StringBuilder mixed = new StringBuilder(d.length() + 1);
                    for (int c = 0; c < d.length(); c++) {
                        char ch = d.charAt(c);
                        mixed.append(c % 2 == 0 ? Character.toUpperCase(ch) : ch);
                    }
                    if (i % 4 == 0) {
                        mixed.append('.');
                    }
                    out.add(
                            new Spec(
                                    "[domain-name:value = " + quote(mixed.toString()) + "]",
                                    "domain",
                                    d,
                                    null));
                }
                default ->
                        throw new IllegalArgumentException(
                                "mix: default, repeated, misp, hashes or domains");
            }
        }
        return out;
    }

    /** {@code n} indicator specs in the documented mix. */
    static List<Spec> indicators(int n, long seed) {
        return indicators(n, seed, "repeated".equals(System.getProperty("bench.cidr")));
    }

    /**
     * The documented mix; {@code repeated}: CIDR blocks as drawn before 2026-12-03, repeating and
     * nesting (see {@link Blocks}).
     */
    static List<Spec> indicators(int n, long seed, boolean repeated) {
        Values real = iocs();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Spec> out = new ArrayList<>(n);
        Cursor domains = new Cursor(real.domains, "dom");
        Cursor ips = new Cursor(real.ipv4, "ip");
        Cursor urls = new Cursor(real.urls, "url");
        Cursor hashes = new Cursor(real.hashes, "hash");
        Cursor cidrs = new Cursor(real.cidrs, "cidr");
        // the draws of every kind are the same either way: a block that overlaps an earlier one
        // is moved with a random stream of its own
        Blocks blocks = new Blocks(seed);
        for (int i = 0; i < n; i++) {
            double x = (i * 0.6180339887498949) % 1.0; // spread kinds evenly and deterministically
            if (x < 0.20) {
                String ip = ips.next(rnd);
                out.add(new Spec("[ipv4-addr:value = '" + ip + "']", "ip", ip, null));
            } else if (x < 0.45) {
                String d = domains.next(rnd);
                out.add(new Spec("[domain-name:value = " + quote(d) + "]", "domain", d, null));
            } else if (x < 0.575) {
                String u = urls.next(rnd);
                out.add(new Spec("[url:value = " + quote(u) + "]", "url", u, null));
            } else if (x < 0.70) {
                int at = hashes.position();
                String h = hashes.next(rnd);
                String kind = at < real.hashKinds.size() ? real.hashKinds.get(at) : "sha256";
                String key =
                        switch (kind) {
                            case "md5" -> "MD5";
                            case "sha1" -> "'SHA-1'";
                            default -> "'SHA-256'";
                        };
                out.add(
                        new Spec(
                                "[file:hashes." + key + " = '" + h + "']",
                                "hash-" + kind,
                                h,
                                null));
            } else if (x < 0.90) {
                String block = cidrs.hasReal() ? cidrs.next(rnd) : derivedBlock(ips.next(rnd), rnd);
                if (!repeated) {
                    block = blocks.place(block);
                }
                out.add(
                        new Spec(
                                "[ipv4-addr:value ISSUBSET '" + block + "']", "cidr", block, null));
            } else if (x < 0.925) {
                String d = domains.next(rnd);
                out.add(
                        new Spec(
                                "[domain-name:value LIKE " + quote("%." + d) + "]",
                                "like",
                                "www." + d,
                                null));
            } else if (x < 0.95) {
                String host = hostOf(urls.next(rnd));
                String regex = "^https?://" + regexQuote(host) + "/[a-z0-9_-]+\\.(php|exe|zip)";
                out.add(
                        new Spec(
                                "[url:value MATCHES " + quote(regex) + "]",
                                "matches",
                                "http://" + host + "/gate.php",
                                null));
            } else if (x < 0.975) {
                String ip = ips.next(rnd);
                int port = new int[] {443, 80, 8080, 4444}[rnd.nextInt(4)];
                out.add(
                        new Spec(
                                "[network-traffic:dst_ref.value = '"
                                        + ip
                                        + "' AND network-traffic:dst_port = "
                                        + port
                                        + "]",
                                "and",
                                ip,
                                Integer.toString(port)));
            } else {
                String d = domains.next(rnd);
                String ip = ips.next(rnd);
                out.add(
                        new Spec(
                                "[domain-name:value = "
                                        + quote(d)
                                        + "] FOLLOWEDBY [ipv4-addr:value = '"
                                        + ip
                                        + "'] WITHIN 600 SECONDS",
                                "followedby",
                                d,
                                ip));
            }
        }
        return out;
    }

    static ObjectNode indicatorJson(int i, Spec s) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "indicator");
        o.put("spec_version", "2.1");
        // NB: not String.format, which was a fifth of the thread's time loading a million
        o.put("id", "indicator--" + padded(i, 8) + "-0000-4000-8000-" + padded(i, 12));
        o.put("created", "2024-01-01T00:00:00.000Z");
        o.put("modified", "2024-01-01T00:00:00.000Z");
        o.put("pattern", s.pattern());
        o.put("pattern_type", "stix");
        o.put("valid_from", "2024-01-01T00:00:00Z");
        return o;
    }

    /**
     * {@code m} flat events (JSON objects as a sensor would log them): 40% DNS queries, 25% flows,
     * 20% proxy requests, 15% file hashes; a share {@code hitRate} of them carry a value of one of
     * the indicators, the rest benign values.
     */
    static List<ObjectNode> events(int m, List<Spec> specs, double hitRate, long seed) {
        Values benign = benign();
        SplittableRandom rnd = new SplittableRandom(seed);
        Cursor domains = new Cursor(benign.domains, "ok");
        Cursor ips = new Cursor(benign.ipv4, "okip");
        List<ObjectNode> out = new ArrayList<>(m);
        long t = 1_709_287_200_000L; // 2024-03-01T10:00:00Z in ms
        for (int i = 0; i < m; i++) {
            t += rnd.nextInt(3);
            ObjectNode e = StixJson.mapper().createObjectNode();
            e.put("timestamp", t);
            String client =
                    "10."
                            + rnd.nextInt(256)
                            + "."
                            + rnd.nextInt(256)
                            + "."
                            + (1 + rnd.nextInt(254));
            boolean hit = rnd.nextDouble() < hitRate;
            Spec s = hit ? specs.get(rnd.nextInt(specs.size())) : null;
            if (s != null) {
                hitEvent(e, s, client, rnd);
                e.put(DRAWN, true); // no shape reads it; tells benign matches from drawn ones
            } else {
                double k = rnd.nextDouble();
                if (k < 0.40) {
                    e.put("query", domains.next(rnd));
                    e.putArray("answers").add(ips.next(rnd));
                    e.put("src_ip", client);
                } else if (k < 0.65) {
                    flow(
                            e,
                            client,
                            ips.next(rnd),
                            new int[] {443, 80, 53, 22, 8443}[rnd.nextInt(5)],
                            rnd);
                } else if (k < 0.85) {
                    String host = domains.next(rnd);
                    e.put(
                            "url",
                            "https://"
                                    + host
                                    + "/"
                                    + Long.toHexString(rnd.nextLong())
                                    + "/index.html");
                    e.put("host", host);
                    e.put("src_ip", client);
                    e.put("dst_ip", ips.next(rnd));
                    e.put("method", "GET");
                } else {
                    e.put("sha256", hex(rnd, 32));
                    e.put("file_name", "doc" + rnd.nextInt(1000) + ".pdf");
                    e.put("src_ip", client);
                }
            }
            out.add(e);
        }
        return out;
    }

    private static void hitEvent(ObjectNode e, Spec s, String client, SplittableRandom rnd) {
        switch (s.kind()) {
            case "ip", "cidr" -> {
                String ip = s.kind().equals("ip") ? s.value() : inside(s.value(), rnd);
                flow(e, client, ip, 443, rnd);
            }
            case "domain", "like" -> {
                e.put("query", s.value());
                e.putArray("answers").add("192.0.2." + rnd.nextInt(256));
                e.put("src_ip", client);
            }
            case "followedby" -> {
                if (rnd.nextBoolean()) {
                    e.put("query", s.value());
                    e.put("src_ip", client);
                } else {
                    flow(e, client, s.extra(), 443, rnd);
                }
            }
            case "url", "matches" -> {
                e.put("url", s.value());
                e.put("host", hostOf(s.value()));
                e.put("src_ip", client);
                e.put("method", "GET");
            }
            case "and" -> flow(e, client, s.value(), Integer.parseInt(s.extra()), rnd);
            default -> {
                String kind = s.kind().substring(5);
                e.put(kind, s.value());
                e.put("file_name", "x.exe");
                e.put("src_ip", client);
            }
        }
    }

    private static void flow(ObjectNode e, String src, String dst, int port, SplittableRandom rnd) {
        e.put("src_ip", src);
        e.put("dst_ip", dst);
        e.put("src_port", 1024 + rnd.nextInt(60000));
        e.put("dst_port", port);
        e.put("proto", "tcp");
        e.put("bytes_out", rnd.nextInt(100_000));
    }

    /** An address inside a CIDR block. */
    private static String inside(String cidr, SplittableRandom rnd) {
        int slash = cidr.indexOf('/');
        String[] o = cidr.substring(0, slash).split("\\.");
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long base = 0;
        for (String p : o) {
            base = (base << 8) | Integer.parseInt(p);
        }
        long size = 1L << (32 - prefix);
        long a = base + (size <= 1 ? 0 : rnd.nextLong(size));
        return ((a >>> 24) & 255)
                + "."
                + ((a >>> 16) & 255)
                + "."
                + ((a >>> 8) & 255)
                + "."
                + (a & 255);
    }

    /**
     * The CIDR blocks of one indicator list, kept distinct and disjoint as a real feed's are: a
     * feed lists a network once, and not a /24 inside a /22 it already lists. Blocks are derived
     * from the malicious addresses in list order; once the real ones run out the synthetic ones
     * come in sequence ({@link Cursor}), so derived blocks would repeat: at 1,000,000 indicators
     * the 200,002 blocks named only 116,211 networks, one of them 70 times, and an event drawn in
     * it matched every indicator naming it (3.09 matches per event), which measured duplicates, not
     * scale. A block that overlaps one already listed is moved, with its prefix length, to a random
     * public unicast network that overlaps none. The mix {@code repeated} (or {@code
     * -Dbench.cidr=repeated}) keeps the earlier draws, to compare with figures measured before.
     */
    static final class Blocks {
        /** First and last address of each block listed so far, disjoint. */
        private final TreeMap<Long, Long> taken = new TreeMap<>();

        private final SplittableRandom spare;
        private int moved;

        Blocks(long seed) {
            this.spare = new SplittableRandom(seed ^ 0x5DEE_CE66_DL);
        }

        /** {@code block}, or a block of its length elsewhere when it overlaps a listed one. */
        String place(String block) {
            int slash = block.indexOf('/');
            int prefix = Integer.parseInt(block.substring(slash + 1));
            long lo = address(block.substring(0, slash));
            long size = 1L << (32 - prefix);
            lo &= -size;
            if (overlaps(lo, lo + size - 1)) {
                moved++;
                do {
                    lo = publicAddress(spare) & -size;
                } while (overlaps(lo, lo + size - 1) || !isPublic(lo, size));
                block = dotted(lo) + "/" + prefix;
            }
            taken.put(lo, lo + size - 1);
            return block;
        }

        int moved() {
            return moved;
        }

        private boolean overlaps(long lo, long hi) {
            Map.Entry<Long, Long> before = taken.floorEntry(hi);
            return before != null && before.getValue() >= lo;
        }
    }

    /**
     * How the {@code ISSUBSET} blocks of {@code specs} relate: how many, how many distinct, and how
     * many overlap an other one (nested or repeated), for the benchmarks' set-up lines.
     */
    static String blockSummary(List<Spec> specs) {
        List<long[]> spans = new ArrayList<>();
        HashSet<String> distinct = new HashSet<>();
        for (Spec s : specs) {
            if (s.kind().equals("cidr") && s.value().indexOf(':') < 0) {
                int slash = s.value().indexOf('/');
                long size = 1L << (32 - Integer.parseInt(s.value().substring(slash + 1)));
                long lo = address(s.value().substring(0, slash)) & -size;
                spans.add(new long[] {lo, lo + size - 1});
                distinct.add(s.value());
            }
        }
        spans.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        int overlapping = 0;
        long reach = -1;
        for (long[] span : spans) {
            if (span[0] <= reach) {
                overlapping++;
            }
            reach = Math.max(reach, span[1]);
        }
        return String.format(
                "cidr-blocks=%d distinct=%d overlapping-another=%d",
                spans.size(), distinct.size(), overlapping);
    }

    /**
     * A random address outside the private, shared, loopback, documentation and multicast ranges.
     */
    private static long publicAddress(SplittableRandom rnd) {
        while (true) {
            long a = rnd.nextLong(1L << 32);
            if (isPublic(a)) {
                return a;
            }
        }
    }

    /** Whether every address of the block is public (the ranges below are /24 or wider). */
    private static boolean isPublic(long lo, long size) {
        for (long a = lo; a < lo + size; a += 256) {
            if (!isPublic(a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPublic(long a) {
        int o1 = (int) (a >>> 24);
        int o2 = (int) (a >>> 16) & 255;
        int o3 = (int) (a >>> 8) & 255;
        return o1 != 0
                && o1 != 10
                && o1 != 127
                && o1 < 224
                && !(o1 == 100 && o2 >= 64 && o2 < 128)
                && !(o1 == 169 && o2 == 254)
                && !(o1 == 172 && o2 >= 16 && o2 < 32)
                && !(o1 == 192 && o2 == 168)
                && !(o1 == 192 && o2 == 0 && (o3 == 0 || o3 == 2))
                && !(o1 == 198 && (o2 == 18 || o2 == 19))
                && !(o1 == 198 && o2 == 51 && o3 == 100)
                && !(o1 == 203 && o2 == 0 && o3 == 113);
    }

    private static long address(String dotted) {
        long a = 0;
        int octet = 0;
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (c == '.') {
                a = (a << 8) | octet;
                octet = 0;
            } else {
                octet = octet * 10 + (c - '0');
            }
        }
        return (a << 8) | octet;
    }

    private static String dotted(long a) {
        return ((a >>> 24) & 255)
                + "."
                + ((a >>> 16) & 255)
                + "."
                + ((a >>> 8) & 255)
                + "."
                + (a & 255);
    }

    private static String derivedBlock(String ip, SplittableRandom rnd) {
        // -Dbench.cidr=narrow keeps blocks at /28 to /30, so that benign addresses rarely fall in
        // one by chance however many blocks there are (the default mix reaches /22)
        int[] prefixes =
                "narrow".equals(System.getProperty("bench.cidr"))
                        ? new int[] {28, 29, 30}
                        : new int[] {22, 24, 24, 24, 26, 27, 28, 29, 30};
        int prefix = prefixes[rnd.nextInt(prefixes.length)];
        String[] o = ip.split("\\.");
        long a = 0;
        for (String p : o) {
            a = (a << 8) | Integer.parseInt(p);
        }
        a &= (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return ((a >>> 24) & 255)
                + "."
                + ((a >>> 16) & 255)
                + "."
                + ((a >>> 8) & 255)
                + "."
                + (a & 255)
                + "/"
                + prefix;
    }

    static String hostOf(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < url.length() && "/:?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static String regexQuote(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code n} in lower-case hex, zeros in front up to {@code digits}. */
    private static String padded(long n, int digits) {
        String h = Long.toHexString(n);
        return h.length() >= digits ? h : "0".repeat(digits - h.length()) + h;
    }

    /** A STIX string constant. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String hex(SplittableRandom rnd, int bytes) {
        StringBuilder out = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = rnd.nextInt(256);
            out.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return out.toString();
    }

    /** A real malicious domain from the end of the list (the front is used for domain kinds). */
    private static String spareDomain(int i) {
        List<String> d = iocs().domains;
        return d.isEmpty() ? "host" + i + ".example.net" : d.get(d.size() - 1 - (i % d.size()));
    }

    /** Hands out real values in order, then synthetic ones of the same kind. */
    private static final class Cursor {
        private final List<String> real;
        private final String kind;
        private int at;

        Cursor(List<String> real, String kind) {
            this.real = real;
            this.kind = kind;
        }

        int position() {
            return at;
        }

        boolean hasReal() {
            return at < real.size();
        }

        String next(SplittableRandom rnd) {
            int i = at++;
            if (i < real.size()) {
                return real.get(i);
            }
            return switch (kind) {
                case "ip", "okip" ->
                        (kind.equals("ip") ? 100 : 20 + (i % 50))
                                + "."
                                + ((i >> 16) & 255)
                                + "."
                                + ((i >> 8) & 255)
                                + "."
                                + (i & 255);
                case "url" ->
                        "http://"
                                + "host"
                                + i
                                + ".example.net/"
                                + Integer.toHexString(i * 31)
                                + "/p.php";
                case "hash" -> hex(rnd, 32);
                case "cidr" -> "172." + (16 + (i % 16)) + "." + ((i >> 4) & 255) + ".0/24";
                default -> kind + i + ".example.org";
            };
        }
    }
}
