package org.entente.pattern;

/**
 * IPv4 and IPv6 addresses and CIDR blocks, as the {@code value} of {@code ipv4-addr} and {@code
 * ipv6-addr} objects carries them. A single address is the block of full length (/32, /128).
 * Strict: no leading zeros in IPv4 octets, no zone ids.
 */
final class Ip {
    private Ip() {}

    /**
     * A network: {@code hi:lo} hold the 128 bits of an IPv6 address, or the 32 bits of an IPv4
     * address in the low half of {@code lo}; bits beyond the prefix are zero.
     */
    record Net(boolean v6, long hi, long lo, int prefix) {
        int width() {
            return v6 ? 128 : 32;
        }

        /** Bit {@code i} (0 = most significant) of the address. */
        int bit(int i) {
            if (v6) {
                return (int) (i < 64 ? (hi >>> (63 - i)) & 1 : (lo >>> (127 - i)) & 1);
            }
            return (int) ((lo >>> (31 - i)) & 1);
        }

        /** True when this block lies wholly inside {@code outer} (equal blocks included). */
        boolean within(Net outer) {
            if (v6 != outer.v6 || prefix < outer.prefix) {
                return false;
            }
            Net masked = mask(v6, hi, lo, outer.prefix);
            return masked.hi == outer.hi && masked.lo == outer.lo;
        }

        /** The canonical text: dotted quad or RFC 5952, with "/n" only for a proper block. */
        String canonical() {
            String address = v6 ? format6(hi, lo) : format4(lo);
            return prefix == width() ? address : address + "/" + prefix;
        }
    }

    /** The network {@code text} denotes, or {@code null} if it is not an address or block. */
    static Net parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v6 = address.indexOf(':') >= 0;
        int width = v6 ? 128 : 32;
        int prefix = width;
        if (slash >= 0) {
            prefix = parsePrefix(text, slash + 1, width);
            if (prefix < 0) {
                return null;
            }
        }
        if (v6) {
            long[] bits = parse6(address);
            return bits == null ? null : mask(true, bits[0], bits[1], prefix);
        }
        long bits = parse4(address, 0, address.length());
        return bits < 0 ? null : mask(false, 0, bits, prefix);
    }

    /** The canonical form if {@code text} is an address or block, else {@code text} itself. */
    static String canonical(String text) {
        Net net = parse(text);
        return net == null ? text : net.canonical();
    }

    /** True when {@code text} is already the canonical text of an address or block. */
    static boolean isCanonical(String text) {
        Net net = parse(text);
        return net != null && net.canonical().equals(text);
    }

    static Net mask(boolean v6, long hi, long lo, int prefix) {
        if (v6) {
            long mhi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            long mlo = prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix);
            return new Net(true, hi & mhi, lo & mlo, prefix);
        }
        long m = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return new Net(false, 0, lo & m, prefix);
    }

    private static int parsePrefix(String text, int from, int width) {
        int n = text.length();
        if (from >= n || n - from > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || (i == from && c == '0' && n - from > 1)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= width ? value : -1;
    }

    /** The 32 bits of a dotted quad in {@code s[from, to)}, or -1. */
    static long parse4(String s, int from, int to) {
        long bits = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            bits = (bits << 8) | value;
            octets++;
            if (octets == 4) {
                return i == to ? bits : -1;
            }
            if (i >= to || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    private static long[] parse6(String s) {
        int n = s.length();
        if (n < 2) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return new long[] {0, 0};
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // an IPv4 tail takes the last two groups
                if (count > 6) {
                    return null;
                }
                long v4 = parse4(s, start, n);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = n;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null; // trailing single colon
            }
        }
        if (gap < 0 && count != 8) {
            return null;
        }
        if (gap >= 0 && count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return new long[] {hi, lo};
    }

    private static String format4(long bits) {
        return ((bits >>> 24) & 0xFF)
                + "."
                + ((bits >>> 16) & 0xFF)
                + "."
                + ((bits >>> 8) & 0xFF)
                + "."
                + (bits & 0xFF);
    }

    private static String format6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
