package org.entente.bench.taxii;

import java.nio.charset.StandardCharsets;

/**
 * Realistic indicators for load tests, made cheaply so that the load generator leaves the CPU to
 * the node: three byte templates (an IP, a domain, a file hash; each with its TLP marking), about
 * 800 bytes like real partner feeds, copied and patched in place with the object's number.
 */
public final class Indicators {
    private static final String IDENTITY = "identity--8f2d2c6a-5f4e-4c1b-9a2a-0b1e0c6a7d11";
    private static final String ID_PREFIX = "indicator--5e7a1c0d-0000-4000-8000-";
    private static final char HOLE = '#';
    private static final Template[] TEMPLATES = {
        template(
                "C2 server",
                "[ipv4-addr:value = '10.1##.1##.1##']",
                "bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
        template(
                "Phishing domain",
                "[domain-name:value = 'c2-############.example-bad.net']",
                "55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
        template(
                "Malware sample",
                "[file:hashes.'SHA-256' = '"
                        + "#".repeat(12)
                        + "c0ffee00d15ea5e5c0ffee00d15ea5e5c0ffee00d15ea5e5c0ff"
                        + "']",
                "94868c89-83c2-464b-929b-a1a8aa3c8487")
    };

    private Indicators() {}

    public static String id(long n) {
        return ID_PREFIX + String.format("%012x", n);
    }

    /** An object's bytes; '#' runs in the template are holes for the number. */
    private record Template(byte[] bytes, int[] holes) {}

    private static Template template(String name, String pattern, String tlp) {
        String json =
                "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\""
                        + ID_PREFIX
                        + "############\",\"created_by_ref\":\""
                        + IDENTITY
                        + "\",\"created\":\"2024-03-01T10:00:00.000Z\",\"modified\":\"2024-03-01T10:00:00.000Z\","
                        + "\"name\":\""
                        + name
                        + " ############\",\"description\":\"Observed in the campaign against regional"
                        + " ministries; shared under the information-exchange area of the agreement.\","
                        + "\"indicator_types\":[\"malicious-activity\"],\"pattern\":\""
                        + pattern
                        + "\",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\","
                        + "\"valid_from\":\"2024-03-01T10:00:00Z\",\"valid_until\":\"2027-03-01T10:00:00Z\","
                        + "\"kill_chain_phases\":[{\"kill_chain_name\":\"mitre-attack\",\"phase_name\":\"command-and-control\"}],"
                        + "\"labels\":[\"apt\",\"shared\"],\"confidence\":80,\"lang\":\"en\","
                        + "\"object_marking_refs\":[\"marking-definition--"
                        + tlp
                        + "\"]}";
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        int count = 0;
        for (byte b : bytes) {
            if (b == HOLE) {
                count++;
            }
        }
        int[] holes = new int[count];
        for (int i = 0, k = 0; i < bytes.length; i++) {
            if (bytes[i] == HOLE) {
                holes[k++] = i;
            }
        }
        return new Template(bytes, holes);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Writes object {@code n} at {@code at}; returns the position after it. */
    private static int write(long n, byte[] out, int at) {
        Template t = TEMPLATES[(int) (n % TEMPLATES.length)];
        System.arraycopy(t.bytes, 0, out, at, t.bytes.length);
        int[] holes = t.holes;
        int h = 0;
        // id: 12 hex digits
        for (int d = 11; d >= 0; d--, h++) {
            out[at + holes[h]] = HEX[(int) (n >>> (4 * d) & 0xf)];
        }
        // name: 12 hex digits
        for (int d = 11; d >= 0; d--, h++) {
            out[at + holes[h]] = HEX[(int) (n >>> (4 * d) & 0xf)];
        }
        if (holes.length - h == 6) {
            // IPv4 10.1xx.1yy.1zz: three pairs of decimal digits
            long v = n % 1_000_000;
            int[] digits = {
                (int) (v / 100_000 % 10),
                (int) (v / 10_000 % 10),
                (int) (v / 1000 % 10),
                (int) (v / 100 % 10),
                (int) (v / 10 % 10),
                (int) (v % 10)
            };
            for (int digit : digits) {
                out[at + holes[h++]] = (byte) ('0' + digit);
            }
        } else {
            for (int d = 11; d >= 0; d--, h++) {
                out[at + holes[h]] = HEX[(int) (n >>> (4 * d) & 0xf)];
            }
        }
        return at + t.bytes.length;
    }

    public static byte[] envelope(long first, int count) {
        byte[] open = "{\"objects\":[".getBytes(StandardCharsets.US_ASCII);
        int size = open.length + 2 + count;
        for (int i = 0; i < count; i++) {
            size += TEMPLATES[(int) ((first + i) % TEMPLATES.length)].bytes.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(open, 0, out, 0, open.length);
        int at = open.length;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = write(first + i, out, at);
        }
        out[at++] = ']';
        out[at++] = '}';
        return java.util.Arrays.copyOf(out, at);
    }
}
