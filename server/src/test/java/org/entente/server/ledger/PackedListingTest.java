package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;

/**
 * A packed listing reads back into the very versions, and so the very canonical text, it was made
 * from, however its ids and timestamps are spelled; a damaged one is refused with where and why.
 */
class PackedListingTest {
    private static final String[] ODD_VERSIONS = {
        "2026-11-01T00:00:00Z",
        "2026-11-01T00:00:00.1Z",
        "2026-11-01T00:00:00.000000001Z",
        "2026-11-01T00:00:00.123456789Z",
        "0000-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.999Z",
        "1969-12-31T23:59:59.999Z",
        "2024-02-29T12:00:00.000Z",
        // kept as strings: not the form, or not a date
        "2023-02-29T12:00:00.000Z",
        "2026-11-01T24:00:00.000Z",
        "2016-12-31T23:59:60.000Z",
        "2026-11-01t00:00:00.000Z",
        "2026-11-01T00:00:00.000z",
        "2026-11-01T00:00:00.0000000001Z",
        "2026-11-01T00:00:00,000Z",
        "2026-11-01 00:00:00.000Z",
        "+10000-01-01T00:00:00Z",
        "2026-11-01T00:00:00.Z",
        "not a time",
        "x"
    };

    private static final String[] ODD_IDS = {
        "indicator--6B1E6B4C-8B33-4C0B-9F2A-7A4C5B7E0E11", // upper case: kept as a string
        "indicator--6b1e6b4c8b334c0b9f2a7a4c5b7e0e11",
        "indicator--6b1e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e1",
        "indicator--6b1e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e11x",
        "indicator--6b1e6b4c-8b33-4c0b-9f2a_7a4c5b7e0e11",
        "indicator--g61e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e11",
        "indicator--not-a-uuid",
        "indicator--\"quoted\\",
        "indicator--日本語",
        "indicator--😀-beyond-the-bmp",
    };

    /**
     * A listing of 1 to 1,000 versions (60 after the first ten rounds) of the given types, one in
     * eight with an odd id, one in four with an odd timestamp.
     */
    private static List<DisclosedVersion> randomListing(Random random, int round, String[] types) {
        int n = 1 + random.nextInt(round < 10 ? PageListing.MAX_VERSIONS : 60);
        List<DisclosedVersion> versions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean odd = random.nextInt(8) == 0;
            String type = odd ? "indicator" : types[random.nextInt(types.length)];
            String id =
                    odd
                            ? ODD_IDS[random.nextInt(ODD_IDS.length)]
                            : type + "--" + new UUID(random.nextLong(), random.nextLong());
            String version =
                    random.nextInt(4) == 0
                            ? ODD_VERSIONS[random.nextInt(ODD_VERSIONS.length)]
                            : randomTime(random);
            Tlp tlp = Tlp.values()[random.nextInt(Tlp.values().length)];
            versions.add(new DisclosedVersion(id, version, type, tlp));
        }
        return versions;
    }

    @Test
    void randomListingsReadBackIntoTheirOwnText() {
        Random random = new Random(41);
        String[] types = {"indicator", "malware", "x-agency-note", "relationship", "vulnerability"};
        for (int round = 0; round < 300; round++) {
            List<DisclosedVersion> versions = randomListing(random, round, types);
            byte[] packed = PackedListing.pack(versions);
            List<DisclosedVersion> back = PackedListing.unpack(packed);
            assertThat(back).as("round %d", round).isEqualTo(versions);
            String text = PageListing.text(versions);
            assertThat(PageListing.text(back)).isEqualTo(text);
            assertThat(PageListing.read(text)).isEqualTo(versions);
            assertThat(PackedListing.text(packed))
                    .as("round %d", round)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The text written straight from a packed listing is the canonical text's bytes, types and ids
     * that need escaping or are beyond ASCII included.
     */
    @Test
    void theTextWrittenFromAPackedListingIsTheCanonicalTextsBytes() {
        List<DisclosedVersion> versions = new ArrayList<>();
        Random random = new Random(17);
        for (String type : List.of("x-\"quoted\\", "x-日本語", "indicator")) {
            for (String version : ODD_VERSIONS) {
                versions.add(
                        new DisclosedVersion(
                                type + "--" + new UUID(random.nextLong(), random.nextLong()),
                                version,
                                type,
                                Tlp.values()[random.nextInt(Tlp.values().length)]));
                versions.add(new DisclosedVersion(type + "--odd\"", version, type, Tlp.RED));
            }
        }
        byte[] packed = PackedListing.pack(versions);
        assertThat(new String(PackedListing.text(packed), StandardCharsets.UTF_8))
                .isEqualTo(PageListing.text(versions));
    }

    @Test
    void everyOddSpellingReadsBackAsItWas() {
        List<DisclosedVersion> versions = new ArrayList<>();
        for (String version : ODD_VERSIONS) {
            for (String id : ODD_IDS) {
                versions.add(new DisclosedVersion(id, version, "indicator", Tlp.AMBER_STRICT));
            }
        }
        for (int from = 0; from < versions.size(); from += PageListing.MAX_VERSIONS) {
            List<DisclosedVersion> part =
                    versions.subList(
                            from, Math.min(versions.size(), from + PageListing.MAX_VERSIONS));
            byte[] packed = PackedListing.pack(part);
            assertThat(PackedListing.unpack(packed)).isEqualTo(part);
            assertThat(PackedListing.text(packed))
                    .isEqualTo(PageListing.text(part).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A listing stored as text (PostgreSQL's) is read as a packed one is: the same versions, each
     * keyed as its text, ids and timestamps in the packed form handed on as numbers.
     */
    @Test
    void aTextListingReadsAsItsVersionsTheirIdsAndTimesAsNumbers() {
        Random random = new Random(43);
        String[] types = {"indicator", "malware", "x-\"quoted\\", "x-日本語", "vulnerability"};
        List<String> oddIds = List.of(ODD_IDS);
        List<String> oddVersions = List.of(ODD_VERSIONS);
        for (int round = 0; round < 300; round++) {
            List<DisclosedVersion> versions = randomListing(random, round, types);
            // those whose id and timestamp are in the packed form, so handed on as numbers
            List<Boolean> plain =
                    versions.stream()
                            .map(
                                    v ->
                                            !oddIds.contains(v.objectId())
                                                    && !oddVersions.contains(v.version())
                                                    && !v.type().contains("\""))
                            .toList();
            String text = PageListing.text(versions);
            VersionSet.Packer packer = new VersionSet.Packer();
            List<DisclosedVersion> back = new ArrayList<>();
            int round0 = round;
            PackedListing.readText(
                    text,
                    v -> {
                        int i = back.size();
                        back.add(new DisclosedVersion(v.objectId(), v.version(), v.type, v.tlp));
                        if (plain.get(i)) {
                            assertThat(v.uuidId && v.packedTime)
                                    .as("round %d, version %d as numbers", round0, i)
                                    .isTrue();
                        }
                        VersionSet.Key byNumbers = packer.pack(v);
                        long[] numbers = {byNumbers.high, byNumbers.low, byNumbers.third};
                        String numbersText = byNumbers.text;
                        VersionSet.Key byText = packer.pack(v.objectId(), v.version());
                        assertThat(numbersText).isEqualTo(byText.text);
                        if (byText.text == null) {
                            assertThat(numbers)
                                    .containsExactly(byText.high, byText.low, byText.third);
                        }
                    });
            assertThat(back).as("round %d", round).isEqualTo(versions);
        }
    }

    /** A damaged text listing is refused read as the report reads it, as the node's reader does. */
    @Test
    void aDamagedTextListingIsRefusedAsTheNodesReaderRefusesIt() {
        String id = "indicator--6b1e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e11";
        DisclosedVersion v =
                new DisclosedVersion(id, "2026-11-01T00:00:00.000Z", "indicator", Tlp.GREEN);
        String text = PageListing.text(List.of(v, v));
        List<DisclosedVersion> thousand = new ArrayList<>();
        for (int i = 0; i <= PageListing.MAX_VERSIONS; i++) {
            thousand.add(v);
        }
        String tooMany =
                PageListing.text(thousand.subList(0, PageListing.MAX_VERSIONS))
                        .replace("]}", "," + PageListing.text(List.of(v)).substring(12));
        List<String> damaged =
                List.of(
                        "",
                        "{\"objects\":[]}",
                        text.replace(",", ", "),
                        text.replace("\"tlp\"", "\"TLP\""),
                        text + " ",
                        text.substring(0, text.length() - 2),
                        text.substring(0, text.length() - 9),
                        text.replace("GREEN\"", "GREEN"),
                        first(text, "GREEN", "PURPLE"),
                        first(text, "GREEN", "GR\\\"EEN"),
                        first(text, "\"indicator\"", "\"malware\""),
                        first(text, "\"indicator\"", "\" \""),
                        first(text, "\"indicator\"", "\"x" + "y".repeat(250) + "\""),
                        first(text, "6b1e", "6b\u0001e"),
                        first(text, "6b1e", "6b\\ne"),
                        first(text, "6b1e", "6b\ud800e"),
                        first(text, id, " "),
                        first(
                                text,
                                "2026-11-01T00:00:00.000Z",
                                "2026-11-01T00:00:00.000Z" + "0".repeat(30)),
                        first(text, "2026-11-01T00:00:00.000Z", ""),
                        text.replace("2026-11-01T00:00:00.000Z\"", "2026-11-01T00:00:00.000Z"),
                        tooMany);
        for (String other : damaged) {
            Throwable read = catchThrowable(() -> PageListing.read(other));
            assertThat(read).as(other).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PackedListing.readText(other, x -> {}))
                    .as(other)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(read.getMessage());
        }
        assertThat(catchThrowable(() -> PageListing.read(tooMany))).hasMessageContaining("at most");
    }

    /** {@code s} with the first {@code what} replaced by {@code with}, taken literally. */
    private static String first(String s, String what, String with) {
        int at = s.indexOf(what);
        assertThat(at).as(what).isNotNegative();
        return s.substring(0, at) + with + s.substring(at + what.length());
    }

    @Test
    void aPageOfRandomIdsTakesAFifthOfItsText() {
        Random random = new Random(7);
        List<DisclosedVersion> versions = new ArrayList<>();
        for (int i = 0; i < PageListing.MAX_VERSIONS; i++) {
            versions.add(
                    new DisclosedVersion(
                            "indicator--" + new UUID(random.nextLong(), random.nextLong()),
                            randomTime(random),
                            "indicator",
                            Tlp.GREEN));
        }
        int text = PageListing.text(versions).length();
        int packed = PackedListing.pack(versions).length;
        assertThat(text).isGreaterThan(125_000);
        // flags 1, type 1, UUID 16, timestamp 8 (digits 1, second 5, fraction 1-2)
        assertThat(packed).isLessThanOrEqualTo(27 * PageListing.MAX_VERSIONS + 16);
    }

    @Test
    void aListingMustHoldOneToAThousandVersions() {
        assertThatThrownBy(() -> PackedListing.pack(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 1000");
    }

    @Test
    void onlyACanonicalTextIsPacked() {
        String text =
                PageListing.text(
                        List.of(
                                new DisclosedVersion(
                                        "indicator--6b1e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e11",
                                        "2026-11-01T00:00:00.000Z",
                                        "indicator",
                                        Tlp.GREEN)));
        assertThat(PackedListing.unpack(PackedListing.pack(text)))
                .isEqualTo(PageListing.read(text));
        for (String other :
                List.of(
                        text.replace(",", ", "),
                        text.replace("\"tlp\"", "\"TLP\""),
                        text + " ",
                        text.substring(0, text.length() - 2),
                        text.replace("GREEN\"", "GREEN"))) {
            // refused as the node's reader refuses it, with the same words
            Throwable read = catchThrowable(() -> PageListing.read(other));
            assertThat(read).as(other).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PackedListing.pack(other))
                    .as(other)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(read.getMessage());
        }
    }

    @Test
    void aDamagedListingIsRefusedSayingWhereAndWhy() {
        List<DisclosedVersion> versions =
                List.of(
                        new DisclosedVersion(
                                "indicator--6b1e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e11",
                                "2026-11-01T00:00:00.000Z",
                                "indicator",
                                Tlp.GREEN),
                        new DisclosedVersion(
                                "malware--not-a-uuid", "not a time", "malware", Tlp.RED));
        byte[] packed = PackedListing.pack(versions);

        assertDamaged(new byte[0], "byte 0: it ends too early");
        assertDamaged(
                Arrays.copyOf(packed, packed.length - 1), "a string of 10 bytes runs past the end");
        assertDamaged(Arrays.copyOf(packed, packed.length + 1), "bytes follow its last");
        byte[] format = packed.clone();
        format[0] = 2;
        assertDamaged(format, "byte 1: its form is 2, not 1");
        byte[] none = packed.clone();
        none[1] = 0;
        assertDamaged(none, "it counts 0 object versions");
        byte[] many = packed.clone();
        many[1] = 3;
        assertDamaged(many, "ends too early");
        byte[] flags = packed.clone();
        flags[2] |= (byte) 0x80;
        assertDamaged(flags, "object version 1 has flags");
        byte[] tlp = packed.clone();
        tlp[2] = (byte) (3 | 6 << 2);
        assertDamaged(tlp, "object version 1 has TLP code 6");
        byte[] type = packed.clone();
        type[3] = 5;
        assertDamaged(type, "object version 1 names type 5");
        byte[] digits = packed.clone();
        digits[4 + "indicator".length() + 1 + 16] = 10;
        assertDamaged(digits, "10 digits of fraction");
        byte[] length = packed.clone();
        length[4] = 100;
        assertDamaged(length, "a string of 100 bytes runs past the end");
        byte[] otherType = packed.clone();
        otherType[indexOf(otherType, "malware--not")] = 'x';
        assertDamaged(otherType, "object version 2: objectId 'xalware--not-a-uuid' is not of type");

        // a timestamp's numbers out of the form's range: its last byte is the last thing packed
        byte[] fraction = pack("2026-11-01T00:00:00.5Z");
        fraction[fraction.length - 1] = 10;
        assertDamaged(fraction, "a timestamp is out of range");
        byte[] year = pack("9999-12-31T23:59:59Z");
        year[year.length - 1] = 0x7F;
        assertDamaged(year, "a timestamp is out of range");
        assertThat(PackedListing.unpack(pack("9999-12-31T23:59:59Z")).get(0).version())
                .isEqualTo("9999-12-31T23:59:59Z");
        assertThat(PackedListing.unpack(pack("0000-01-01T00:00:00Z")).get(0).version())
                .isEqualTo("0000-01-01T00:00:00Z");
    }

    private static byte[] pack(String version) {
        return PackedListing.pack(
                List.of(
                        new DisclosedVersion(
                                "indicator--6b1e6b4c-8b33-4c0b-9f2a-7a4c5b7e0e11",
                                version,
                                "indicator",
                                Tlp.GREEN)));
    }

    private static int indexOf(byte[] bytes, String ascii) {
        byte[] what = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError(ascii + " is not in the packed bytes");
    }

    @Test
    void aChangedByteReadsBackAsOtherVersionsOrNotAtAll() {
        Random random = new Random(3);
        List<DisclosedVersion> versions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            versions.add(
                    new DisclosedVersion(
                            "indicator--" + new UUID(random.nextLong(), random.nextLong()),
                            randomTime(random),
                            "indicator",
                            Tlp.AMBER));
        }
        byte[] packed = PackedListing.pack(versions);
        for (int at = 0; at < packed.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = packed.clone();
                changed[at] ^= (byte) (1 << bit);
                List<DisclosedVersion> back;
                try {
                    back = PackedListing.unpack(changed);
                } catch (IllegalArgumentException e) {
                    assertThat(e).hasMessageContaining("the stored listing is damaged at byte");
                    continue;
                }
                assertThat(back).as("byte %d, bit %d", at, bit).isNotEqualTo(versions);
            }
        }
    }

    /** Refused the same way read back into versions and read as the report reads it. */
    private static void assertDamaged(byte[] packed, String message) {
        assertThatThrownBy(() -> PackedListing.unpack(packed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the stored listing is damaged at byte")
                .hasMessageContaining(message);
        assertThatThrownBy(() -> PackedListing.read(packed, v -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the stored listing is damaged at byte")
                .hasMessageContaining(message);
    }

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** A timestamp as the node writes them, from 2000 to about 2031. */
    private static String randomTime(Random random) {
        return MILLIS.format(
                Instant.ofEpochMilli(946_684_800_000L + (long) (random.nextDouble() * 1e12)));
    }
}
