package org.entente.bench.console;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's exchange report of every organisation over all time, as a person asks for it (ADR
 * 0043): how long the page takes to answer, how long until the report is on it, and how long the
 * page takes once the report is kept. Each round asks for a period no report was kept for (all
 * time, to a different day far ahead), so each counts the whole ledger again. A node that counts on
 * the request answers with the report itself; one that counts off it answers with the count's
 * progress, which this follows as the page's htmx does, every 100 ms here.
 *
 * <pre>
 * ReportPage URL ADMIN_TOKEN ROUNDS
 * </pre>
 */
public final class ReportPage {
    private static final Pattern ID = Pattern.compile("data-report=\"([0-9a-f-]{36})\"");
    private static final String COUNTING = "data-state=\"counting\"";

    private ReportPage() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ReportPage URL ADMIN_TOKEN ROUNDS");
            System.exit(2);
        }
        ConsoleBench b = new ConsoleBench(URI.create(args[0]));
        b.signIn(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int r = 1; r <= rounds; r++) {
            String path = String.format(Locale.ROOT, "/console/ledger/report?to=2100-01-%02d", r);
            long start = System.nanoTime();
            String page = b.get(path);
            long answered = System.nanoTime();
            boolean counting = page.contains(COUNTING);
            if (counting) {
                Matcher m = ID.matcher(page);
                if (!m.find()) {
                    throw new IllegalStateException("no report id on the page");
                }
                String result = "/console/ledger/reports/" + m.group(1) + "/result";
                while (page.contains(COUNTING)) {
                    Thread.sleep(100);
                    page = b.get(result);
                }
            }
            long counted = System.nanoTime();
            if (!page.contains("id=\"report\"") && !page.contains("id=\"empty\"")) {
                throw new IllegalStateException("no report on the page: " + page);
            }
            long again = System.nanoTime();
            String kept = b.get(path);
            long keptAnswered = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %d: page answered in %.3f s (%s), report on it after %.2f s; asked"
                            + " again: %.3f s (%s)%n",
                    r,
                    (answered - start) / 1e9,
                    counting ? "counting" : "with the report",
                    (counted - start) / 1e9,
                    (keptAnswered - again) / 1e9,
                    kept.contains(COUNTING) ? "counting again" : "with the report");
        }
    }
}
