package org.entente.bench.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.ledger.Ledger;

/**
 * Times the console object page's ledger lookup ({@link Ledger#naming}, its 50 newest mentions) on
 * a node's database, for the oldest, a middle and the newest object stored and for an id stored
 * nowhere: the median of RUNS lookups each (docs/adr/0027), and of the same lookup with no listing
 * read, which leaves the spans step (docs/adr/0030).
 *
 * <pre>
 * ObjectMentions JDBC_URL [RUNS] [USER PASSWORD]
 * </pre>
 */
public final class ObjectMentions {
    private ObjectMentions() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ObjectMentions JDBC_URL [RUNS] [USER PASSWORD]");
            System.exit(2);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String user = args.length > 3 ? args[2] : "";
        String password = args.length > 3 ? args[3] : "";
        try (Database db = Database.open(new DatabaseSettings(args[0], user, password, 2))) {
            Ledger ledger = new Ledger(db);
            List<String> ids =
                    db.jdbc()
                            .sql("SELECT stix_id FROM objects ORDER BY date_added")
                            .query(String.class)
                            .list();
            if (ids.isEmpty()) {
                System.err.println("the database holds no objects");
                System.exit(1);
            }
            Map<String, String> objects = new LinkedHashMap<>();
            objects.put("oldest", ids.get(0));
            objects.put("middle", ids.get(ids.size() / 2));
            objects.put("newest", ids.get(ids.size() - 1));
            objects.put("absent", "indicator--00000000-0000-4000-8000-000000000000");
            objects.forEach(
                    (which, id) -> {
                        time(which + ", 50 mentions", runs, () -> ledger.naming(id, 0, 50).size());
                        // no listing read: the entries naming the object in their own fields, the
                        // spans that cover its versions, the unspanned part (ADR 0030)
                        time(which + ", spans alone", runs, () -> ledger.naming(id, 0, 0).size());
                    });
        }
    }

    /** Times {@code lookup} {@code runs} times and prints the entries found and the median. */
    private static void time(String what, int runs, java.util.function.IntSupplier lookup) {
        long[] nanos = new long[runs];
        int found = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            found = lookup.getAsInt();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        List<String> all = new ArrayList<>();
        for (long n : nanos) {
            all.add(String.format(Locale.ROOT, "%.2f", n / 1e6));
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d found, median %.2f ms (%s)%n",
                what,
                found,
                nanos[runs / 2] / 1e6,
                String.join(", ", all));
    }
}
