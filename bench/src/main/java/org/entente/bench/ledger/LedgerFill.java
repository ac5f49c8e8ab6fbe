package org.entente.bench.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.stix.Tlp;

/**
 * Fills a database's disclosure ledger with realistic entries through {@link Ledger#append}, one
 * transaction per batch as the TAXII read path does per page, and prints the append rate.
 *
 * <pre>
 * LedgerFill JDBC_URL ENTRIES [BATCH] [USER PASSWORD]
 * </pre>
 *
 * <p>The traffic of a national CERT with 24 foreign partners and 40 constituents over two years:
 * each page goes to one organisation; three in four entries are disclosures (an object version goes
 * to several partners and is pulled again now and then), one in four are receipts, and about one in
 * twenty thousand an agreement change with its before and after as JSON. Seeded, so two runs write
 * the same ledger.
 */
public final class LedgerFill {
    private static final String[] PARTNERS = {
        "jp-nisc",
        "sg-csa",
        "de-bsi",
        "fr-anssi",
        "nl-ncsc",
        "uk-ncsc",
        "us-cisa",
        "ca-cccs",
        "au-acsc",
        "nz-ncsc",
        "kr-kisa",
        "in-certin",
        "br-certbr",
        "it-acn",
        "es-incibe",
        "se-certse",
        "fi-ncscfi",
        "ee-ria",
        "pl-certpl",
        "cz-nukib",
        "at-certat",
        "ch-ncsc",
        "il-incd",
        "ua-certua"
    };
    private static final String[] AREAS = {
        "information-exchange",
        "awareness",
        "best-practices",
        "capacity-building",
        "policy-dialogue"
    };
    private static final int[] AREA_WEIGHTS = {80, 12, 4, 2, 2};
    private static final String[] TYPES = {
        "indicator",
        "relationship",
        "report",
        "vulnerability",
        "malware",
        "attack-pattern",
        "sighting",
        "identity",
        "threat-actor",
        "campaign",
        "note"
    };
    private static final int[] TYPE_WEIGHTS = {50, 12, 8, 6, 6, 5, 4, 3, 2, 2, 2};
    private static final Tlp[] TLPS = {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT};
    private static final int[] TLP_WEIGHTS = {10, 35, 40, 15};
    private static final long START =
            Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long TWO_YEARS = 2L * 365 * 24 * 3600 * 1_000_000L;

    private final SplittableRandom random = new SplittableRandom(20261127);
    private final String[] orgs;
    private final long entries;
    private final List<String[]> recent = new ArrayList<>(); // {id, version, type, tlp}
    private long objectNo;

    private LedgerFill(long entries) {
        this.entries = entries;
        List<String> all = new ArrayList<>(Arrays.asList(PARTNERS));
        for (int i = 1; i <= 40; i++) {
            all.add(String.format(Locale.ROOT, "constituent-%03d", i));
        }
        this.orgs = all.toArray(String[]::new);
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: LedgerFill JDBC_URL ENTRIES [BATCH] [USER PASSWORD]");
            System.exit(2);
        }
        String url = args[0];
        long entries = Long.parseLong(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String user = args.length > 4 ? args[3] : "";
        String password = args.length > 4 ? args[4] : "";
        try (Database db = Database.open(new DatabaseSettings(url, user, password, 4))) {
            new LedgerFill(entries).run(db, new Ledger(db), batch);
        }
    }

    private void run(Database db, Ledger ledger, int batchSize) {
        long written = 0;
        long appendNanos = 0;
        long started = System.nanoTime();
        long[] batchMicros = new long[(int) ((entries + batchSize - 1) / batchSize)];
        int batches = 0;
        long lastReport = started;
        while (written < entries) {
            int n = (int) Math.min(batchSize, entries - written);
            // spread over two years; in double, as TWO_YEARS * written overflows a long
            long at = START + (long) ((double) TWO_YEARS * written / Math.max(1, entries));
            List<LedgerEntry.Draft> page = page(at, n);
            long t0 = System.nanoTime();
            db.inTransaction(() -> ledger.append(page));
            long took = System.nanoTime() - t0;
            appendNanos += took;
            batchMicros[batches++] = took / 1_000;
            written += n;
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf(
                        Locale.ROOT,
                        "%,d entries, %,.0f appended/s%n",
                        written,
                        written / (appendNanos / 1e9));
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.copyOf(batchMicros, batches);
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "appended %,d entries in %,d transactions of %,d: %,.0f entries/s inside"
                        + " append's transactions (%.1f s), %,.0f entries/s with generation (%.1f"
                        + " s); per transaction p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                written,
                batches,
                batchSize,
                written / (appendNanos / 1e9),
                appendNanos / 1e9,
                written / wall,
                wall,
                sorted[batches / 2] / 1e3,
                sorted[(int) Math.min(batches - 1, (long) batches * 99 / 100)] / 1e3,
                sorted[batches - 1] / 1e3);
    }

    /** One page: entries for one organisation, a microsecond apart. */
    private List<LedgerEntry.Draft> page(long at, int n) {
        List<LedgerEntry.Draft> drafts = new ArrayList<>(n);
        // partners pull far more than constituents
        String org =
                random.nextInt(4) == 0
                        ? orgs[random.nextInt(orgs.length)]
                        : PARTNERS[random.nextInt(PARTNERS.length)];
        boolean receiving = random.nextInt(4) == 0;
        String area = AREAS[pick(AREA_WEIGHTS)];
        String agreement = "moc-" + org;
        String principal = (receiving ? "federation-pull-" : "taxii-client-") + org;
        String rule =
                area
                        + (receiving
                                ? ": receive TLP up to AMBER+STRICT, onward constituents"
                                : ": share TLP up to AMBER, onward none");
        for (int i = 0; i < n; i++) {
            long when = at + i;
            if (random.nextInt(20_000) == 0) {
                drafts.add(
                        LedgerEntry.Draft.agreementChanged(
                                when,
                                "liaison-officer-1",
                                org,
                                agreement,
                                "agreement amended by the liaison officer",
                                "{\"before\":{\"status\":\"active\",\"expiry\":\"2027-12-31\"},"
                                        + "\"after\":{\"status\":\"active\",\"expiry\":\"2029-12-31\"}}"));
                continue;
            }
            String[] object = object(receiving);
            Optional<Tlp> tlp = Optional.of(Tlp.valueOf(object[3]));
            drafts.add(
                    receiving
                            ? LedgerEntry.Draft.received(
                                    when, principal, org, agreement, area, rule, object[0],
                                    object[1], tlp)
                            : LedgerEntry.Draft.disclosed(
                                    when, principal, org, agreement, area, rule, object[0],
                                    object[1], tlp));
        }
        return drafts;
    }

    /**
     * An object version: mostly new ones, often one recently disclosed to someone else, now and
     * then the next version of a recent object.
     */
    private String[] object(boolean receiving) {
        int roll = random.nextInt(100);
        if (!receiving && !recent.isEmpty() && roll < 55) {
            return recent.get(random.nextInt(recent.size()));
        }
        String[] o;
        if (!recent.isEmpty() && roll < 60) {
            String[] old = recent.get(random.nextInt(recent.size()));
            o = new String[] {old[0], version(), old[2], old[3]};
        } else {
            String type = TYPES[pick(TYPE_WEIGHTS)];
            o =
                    new String[] {
                        type + "--" + uuid4(), version(), type, TLPS[pick(TLP_WEIGHTS)].name()
                    };
        }
        if (recent.size() < 50_000) {
            recent.add(o);
        } else {
            recent.set(random.nextInt(recent.size()), o);
        }
        return o;
    }

    private String uuid4() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private String version() {
        objectNo++;
        return Instant.ofEpochMilli(1_735_689_600_000L + objectNo * 977).toString();
    }

    private int pick(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
