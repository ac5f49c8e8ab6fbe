package org.entente.bench.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;

/**
 * Times the dashboard's flows count on a node's database (docs/adr/0028): the totals over the last
 * 90 days and over their last 30, counted as two reports ({@link Ledger#reportTotals(OptionalLong,
 * OptionalLong)} twice, as the dashboard did until session 33) and in one read ({@link
 * Ledger#reportTotals(long, long, long)}), alternated ROUNDS times. Each round checks that both
 * give the same rows, and prints each way's wall time and the CPU time of the thread that counted.
 *
 * <pre>
 * DashboardCount JDBC_URL [ROUNDS] [NOW] [USER PASSWORD]
 * </pre>
 *
 * NOW (an ISO instant, default the clock's) is where the windows end.
 */
public final class DashboardCount {
    private static final Duration SHORT = Duration.ofDays(30);
    private static final Duration LONG = Duration.ofDays(90);

    private DashboardCount() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: DashboardCount JDBC_URL [ROUNDS] [NOW] [USER PASSWORD]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Instant now = args.length > 2 ? Instant.parse(args[2]) : Instant.now();
        String user = args.length > 4 ? args[3] : "";
        String password = args.length > 4 ? args[4] : "";
        long to = micros(now);
        long from = micros(now.minus(LONG));
        long recentFrom = micros(now.minus(SHORT));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Database db = Database.open(new DatabaseSettings(args[0], user, password, 2))) {
            Ledger ledger = new Ledger(db);
            for (int round = 1; round <= rounds; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                List<ExchangeRow> period =
                        ledger.reportTotals(OptionalLong.of(from), OptionalLong.of(to));
                List<ExchangeRow> recent =
                        ledger.reportTotals(OptionalLong.of(recentFrom), OptionalLong.of(to));
                print(round, "two reports", wall, cpu, threads);

                cpu = threads.getCurrentThreadCpuTime();
                wall = System.nanoTime();
                Ledger.RecentTotals once = ledger.reportTotals(from, recentFrom, to);
                print(round, "one read", wall, cpu, threads);
                if (!once.period().equals(period) || !once.recent().equals(recent)) {
                    System.err.println("the two ways counted differently in round " + round);
                    System.exit(1);
                }
                System.out.printf(
                        Locale.ROOT,
                        "round %d: the same %d and %d rows both ways%n",
                        round,
                        period.size(),
                        recent.size());
            }
        }
    }

    private static void print(int round, String way, long wall, long cpu, ThreadMXBean threads) {
        System.out.printf(
                Locale.ROOT,
                "round %d, %s: wall %.2f s, thread CPU %.2f s%n",
                round,
                way,
                (System.nanoTime() - wall) / 1e9,
                (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
