package org.entente.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The work of a stand-in ledger in the console's off-request tests ({@code LedgerChecksTest},
 * {@code LedgerReportsTest}): held until the test releases it, so that the test sees it running;
 * then it throws the failure set for it, once, or gives its result.
 */
final class HeldWork {
    /** An error id as the console shows it. */
    static final String ERROR_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch release = new CountDownLatch(1);

    /** What a test names a failure by: the database gone, a class that fails to link, a stack. */
    static Throwable failure(String kind) {
        return switch (kind) {
            case "database" -> new UncheckedIOException(new IOException("the database is gone"));
            case "linkage" -> new NoClassDefFoundError("a stand-in");
            case "stack" -> new StackOverflowError("a stand-in");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    <T> T run(Supplier<T> result) {
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the work");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Throwable t = failure.getAndSet(null);
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        return result.get();
    }
}
