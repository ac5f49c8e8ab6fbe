package org.entente.bench.ledger;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.VerifyResult;

/**
 * Runs {@link Ledger#verify()} several times in one JVM and prints, besides the rate, the CPU time
 * the process spent per entry: on a shared machine the rate follows the load, the CPU per entry
 * much less, and two free cores give about 2 / (CPU per entry) entries per second.
 *
 * <pre>
 * LedgerVerify JDBC_URL [RUNS] [USER PASSWORD]
 * </pre>
 */
public final class LedgerVerify {
    private LedgerVerify() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: LedgerVerify JDBC_URL [RUNS] [USER PASSWORD]");
            System.exit(2);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String user = args.length > 3 ? args[2] : "";
        String password = args.length > 3 ? args[3] : "";
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Database db = Database.open(new DatabaseSettings(args[0], user, password, 8))) {
            Ledger ledger = new Ledger(db);
            for (int i = 1; i <= runs; i++) {
                double load = os.getSystemLoadAverage();
                long cpu = os.getProcessCpuTime();
                VerifyResult r = ledger.verify();
                double micros = (os.getProcessCpuTime() - cpu) / 1e3 / Math.max(1, r.checked());
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %s, %,d entries in %.2f s: %,.0f entries/s; process CPU %.2f"
                                + " us per entry; load average before %.2f%n",
                        i,
                        r.intact() ? "intact" : "BROKEN: " + r.problem().orElseThrow(),
                        r.checked(),
                        r.elapsed().toNanos() / 1e9,
                        r.rate(),
                        micros,
                        load);
            }
        }
    }
}
