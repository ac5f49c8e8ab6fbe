package org.entente.server.console;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One daemon thread that runs a dashboard count too costly for a request's thread, at most one at a
 * time: a count asked for while one runs is not queued (the running one will be the newer figure).
 */
final class BackgroundCount implements AutoCloseable {
    private final ExecutorService worker;
    private final AtomicBoolean running = new AtomicBoolean();

    BackgroundCount(String threadName) {
        this.worker =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, threadName);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Whether a count is running now. */
    boolean running() {
        return running.get();
    }

    /** Starts {@code count} on the worker unless a count is running. */
    void start(Runnable count) {
        if (running.compareAndSet(false, true)) {
            try {
                worker.execute(
                        () -> {
                            try {
                                count.run();
                            } finally {
                                running.set(false);
                            }
                        });
            } catch (RuntimeException e) {
                running.set(false);
                throw e;
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
