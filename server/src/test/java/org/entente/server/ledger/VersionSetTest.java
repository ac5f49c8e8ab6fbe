package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;

/** The report's set of versions counts exactly as a set of their texts. */
class VersionSetTest {
    /** Adds each pair to both sets, checks each answer and the sizes agree. */
    private static void sameAsTexts(List<String[]> versions) {
        VersionSet set = new VersionSet();
        VersionSet.Packer packer = new VersionSet.Packer();
        Set<String> texts = new HashSet<>();
        for (String[] v : versions) {
            assertThat(set.add(packer.pack(v[0], v[1])))
                    .as("%s %s", v[0], v[1])
                    .isEqualTo(texts.add(v[0] + ' ' + v[1]));
        }
        assertThat(set.size()).isEqualTo(texts.size());
    }

    @Test
    void textsThatDifferAreDifferentVersions() {
        String uuid = UUID.randomUUID().toString();
        List<String[]> versions = new ArrayList<>();
        for (String id :
                List.of(
                        "indicator--" + uuid,
                        "malware--" + uuid,
                        "indicator--" + uuid.toUpperCase(Locale.ROOT),
                        "indicator--" + uuid.replace("-", ""),
                        "indicator--" + uuid + "0",
                        "x-custom--thing--" + uuid,
                        "--" + uuid,
                        "indicator",
                        "")) {
            for (String version :
                    List.of(
                            "2024-02-01T00:00:00Z",
                            "2024-02-01T00:00:00.0Z",
                            "2024-02-01T00:00:00.000Z",
                            "2024-02-01T00:00:00.000000Z",
                            "2024-02-01T00:00:00.0000000Z",
                            "2024-02-01T00:00:00.000000001Z",
                            "2024-02-01t00:00:00.000Z",
                            "2024-02-01T00:00:00.000+00:00",
                            "1969-12-31T23:59:59.999Z",
                            "2016-12-31T23:59:60Z",
                            "2024-02-30T00:00:00Z",
                            "2023-02-29T00:00:00Z",
                            "2024-02-29T00:00:00Z",
                            "2024-13-01T00:00:00Z",
                            "2024-02-01T24:00:00Z",
                            "2024-02-01T00:60:00Z",
                            "2024-02-01T00:00:00.-1Z",
                            "2024-02-01T00:00:00.1Z",
                            "2024-02-01T00:00:00.10Z",
                            "2024-02-01T00:00:00.100000Z",
                            "+2024-02-01T00:00:00Z",
                            "2024/02/01T00:00:00Z",
                            "9999-12-31T23:59:59.999999Z",
                            "not a time",
                            "")) {
                versions.add(new String[] {id, version});
                versions.add(new String[] {id, version});
            }
        }
        sameAsTexts(versions);
    }

    /**
     * The time read by hand is the instant ISO-8601 names, to the microsecond (up to 2112, the last
     * year the packed form holds; later times are kept as text).
     */
    @Test
    void theTimeIsTheInstantItNames() {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            java.time.Instant t =
                    java.time.Instant.ofEpochSecond(
                            random.nextInt(Integer.MAX_VALUE) * 2L,
                            random.nextInt(1_000_000) * 1_000);
            String text = t.toString();
            long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
            assertThat(VersionSet.micros(text)).as(text).isEqualTo(micros);
        }
        assertThat(VersionSet.micros("2113-01-01T00:00:00Z")).isEqualTo(-1);
        assertThat(VersionSet.micros("2024-02-01T00:00:00.000Z"))
                .isEqualTo(java.time.Instant.parse("2024-02-01T00:00:00Z").toEpochMilli() * 1_000);
    }

    @Test
    void manyVersionsOfManyTypesCountAsTheirTexts() {
        Random random = new Random(7);
        List<String[]> versions = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // more types than the packed form holds: the rest are kept as text
            ids.add("type-" + i + "--" + new UUID(random.nextLong(), random.nextLong()));
        }
        for (int i = 0; i < 200_000; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            String version =
                    String.format(
                            Locale.ROOT,
                            "2024-0%d-1%dT0%d:00:00.%03dZ",
                            1 + random.nextInt(9),
                            random.nextInt(10),
                            random.nextInt(10),
                            random.nextInt(50));
            versions.add(new String[] {id, version});
        }
        sameAsTexts(versions);
    }

    /**
     * A version read from a packed listing keys as its text does, whether the listing packed its id
     * and timestamp (the report then never writes them out) or kept them as strings.
     */
    @Test
    void aPackedListingsVersionsKeyAsTheirTexts() {
        Random random = new Random(5);
        List<DisclosedVersion> versions = new ArrayList<>();
        List<String> times =
                List.of(
                        "2024-02-01T00:00:00Z",
                        "2024-02-01T00:00:00.1Z",
                        "2024-02-01T00:00:00.000Z",
                        "2024-02-01T00:00:00.123456Z",
                        "2024-02-01T00:00:00.1234567Z",
                        "2024-02-01T00:00:00.123456789Z",
                        "1969-12-31T23:59:59.999Z",
                        "1970-01-01T00:00:00Z",
                        "2112-12-31T23:59:59Z",
                        "2113-01-01T00:00:00Z",
                        "9999-12-31T23:59:59.999999Z",
                        "2016-12-31T23:59:60Z",
                        "2024-02-01t00:00:00Z");
        for (int i = 0; i < 2_000; i++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            String type = random.nextInt(50) == 0 ? "x-odd-" + random.nextInt(3) : "indicator";
            String id =
                    switch (random.nextInt(10)) {
                        case 0 -> type + "--" + uuid.toString().toUpperCase(Locale.ROOT);
                        case 1 -> type + "--" + uuid.toString().replace("-", "");
                        default -> type + "--" + uuid;
                    };
            String time = times.get(random.nextInt(times.size()));
            versions.add(new DisclosedVersion(id, time, type, Tlp.values()[i % 5]));
        }
        // each listing's versions once by its numbers, then by its text: the same key
        for (int from = 0; from < versions.size(); from += 500) {
            List<DisclosedVersion> part = versions.subList(from, from + 500);
            VersionSet byNumbers = new VersionSet();
            VersionSet byText = new VersionSet();
            VersionSet.Packer packer = new VersionSet.Packer();
            Set<String> texts = new HashSet<>();
            List<String> read = new ArrayList<>();
            PackedListing.read(
                    PackedListing.pack(part),
                    v -> {
                        String text = v.objectId() + ' ' + v.version();
                        read.add(text);
                        boolean isNew = texts.add(text);
                        assertThat(byNumbers.add(packer.pack(v))).as(text).isEqualTo(isNew);
                        assertThat(byNumbers.add(packer.pack(v.objectId(), v.version())))
                                .as(text)
                                .isFalse();
                        assertThat(byText.add(packer.pack(v.objectId(), v.version())))
                                .as(text)
                                .isEqualTo(isNew);
                        assertThat(byText.add(packer.pack(v))).as(text).isFalse();
                    });
            assertThat(read)
                    .containsExactlyElementsOf(
                            part.stream().map(v -> v.objectId() + ' ' + v.version()).toList());
            assertThat(byNumbers.size()).isEqualTo(texts.size());
            assertThat(byText.size()).isEqualTo(texts.size());
        }
    }

    /**
     * One set with marks answers as a set of versions and a set per mark would: whether the version
     * is new, and whether it is new under its mark, through the tables' growth and for versions
     * kept as text.
     */
    @Test
    void marksCountAsASetPerMark() {
        Random random = new Random(3);
        VersionSet set = new VersionSet();
        VersionSet.Packer packer = new VersionSet.Packer();
        Map<String, Set<Integer>> expected = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            String id =
                    random.nextInt(20) == 0
                            ? "indicator--odd-" + random.nextInt(2_000)
                            : "indicator--" + new UUID(0, random.nextInt(30_000));
            String version = "2026-11-0" + (1 + random.nextInt(3)) + "T00:00:00.000Z";
            int mark = random.nextInt(VersionSet.MARKS + 1) - 1;
            Set<Integer> marks = expected.get(id + ' ' + version);
            boolean isNew = marks == null;
            if (isNew) {
                marks = new HashSet<>();
                expected.put(id + ' ' + version, marks);
            }
            boolean newMark = mark >= 0 && marks.add(mark);
            int answer = set.add(packer.pack(id, version), mark);
            assertThat((answer & VersionSet.NEW) != 0).as("%s %s", id, version).isEqualTo(isNew);
            assertThat((answer & VersionSet.NEW_MARK) != 0)
                    .as("%s %s mark %d", id, version, mark)
                    .isEqualTo(newMark);
        }
        assertThat(set.size()).isEqualTo(expected.size());
        assertThatThrownBy(() -> set.add(packer.pack("indicator--x", "v"), VersionSet.MARKS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A batch answers as its versions added one by one: the same answers in the same order, through
     * repeats inside one batch, the tables' growth and versions kept as text, in batches of every
     * size up to a full one; a full batch takes no more, and a mark out of range is refused.
     */
    @Test
    void aBatchAnswersAsItsVersionsAddedOneByOne() {
        Random random = new Random(5);
        VersionSet one = new VersionSet();
        VersionSet batched = new VersionSet();
        VersionSet.Packer packer = new VersionSet.Packer();
        VersionSet.Batch batch = new VersionSet.Batch();
        List<Integer> expected = new ArrayList<>();
        int versions = 0;
        while (versions < 200_000) {
            int n = 1 + random.nextInt(VersionSet.Batch.SIZE);
            expected.clear();
            for (int i = 0; i < n; i++) {
                String id =
                        random.nextInt(20) == 0
                                ? "indicator--odd-" + random.nextInt(2_000)
                                : "indicator--"
                                        + new UUID(random.nextInt(7), random.nextInt(40_000));
                String version = "2026-11-0" + (1 + random.nextInt(3)) + "T00:00:00.000Z";
                int mark = random.nextInt(VersionSet.MARKS + 1) - 1;
                expected.add(one.add(packer.pack(id, version), mark));
                assertThat(batch.put(packer.pack(id, version), mark)).isEqualTo(i);
                assertThat(batch.mark(i)).isEqualTo(mark);
            }
            assertThat(batch.full()).isEqualTo(n == VersionSet.Batch.SIZE);
            batched.addAll(batch);
            for (int i = 0; i < n; i++) {
                assertThat(batch.added[i]).as("version %d of %d", i, n).isEqualTo(expected.get(i));
            }
            batch.clear();
            assertThat(batch.size()).isZero();
            versions += n;
        }
        assertThat(batched.size()).isEqualTo(one.size()).isGreaterThan(100_000);

        for (int i = 0; i < VersionSet.Batch.SIZE; i++) {
            batch.put(packer.pack("indicator--" + new UUID(9, i), "2026-11-01T00:00:00Z"), -1);
        }
        assertThatThrownBy(() -> batch.put(packer.pack("indicator--y", "v"), -1))
                .isInstanceOf(IllegalStateException.class);
        batch.clear();
        assertThatThrownBy(() -> batch.put(packer.pack("indicator--x", "v"), VersionSet.MARKS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(batch.size()).isZero();

        // a place's key stands for its version on its own, packed or kept as text
        batch.put(packer.pack("indicator--" + new UUID(3, 4), "2026-11-01T00:00:00.5Z"), 2);
        batch.put(packer.pack("indicator--odd", "v1"), 2);
        VersionSet own = new VersionSet();
        assertThat(own.add(batch.key(0))).isTrue();
        assertThat(own.add(batch.key(1))).isTrue();
        assertThat(own.add(packer.pack("indicator--" + new UUID(3, 4), "2026-11-01T00:00:00.5Z")))
                .isFalse();
        assertThat(own.add(packer.pack("indicator--odd", "v1"))).isFalse();
    }
}
