package org.entente.server.console;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * What the console's work off the request shares ({@link LedgerChecks}, {@link LedgerReports}): one
 * daemon worker, and the latest finished pieces of work kept to be looked at.
 */
final class OffRequest {
    private OffRequest() {}

    /** One daemon thread of this name, so that a node stops without waiting for it. */
    static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Drops the oldest of {@code kept} (in insertion order) until at most {@code most} are left,
     * stopping at the first one still {@code running}: work is never forgotten while it runs.
     */
    static <T> void trim(Map<String, T> kept, int most, Predicate<T> running) {
        Iterator<T> oldest = kept.values().iterator();
        while (kept.size() > most && oldest.hasNext()) {
            if (running.test(oldest.next())) {
                return;
            }
            oldest.remove();
        }
    }
}
