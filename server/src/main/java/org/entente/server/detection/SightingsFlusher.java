package org.entente.server.detection;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the sightings of ended windows every few seconds, and on close (before the database
 * closes) those of the windows still open: a node that stops keeps what it has seen.
 */
public final class SightingsFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SightingsFlusher.class);

    private final Detection detection;
    private final long periodSeconds;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "sightings");
                        t.setDaemon(true);
                        return t;
                    });

    public SightingsFlusher(Detection detection, long periodSeconds) {
        this.detection = detection;
        this.periodSeconds = periodSeconds;
    }

    public void start() {
        executor.scheduleWithFixedDelay(
                () -> flush(false), periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    private void flush(boolean all) {
        try {
            detection.flush(all);
        } catch (RuntimeException e) {
            LOG.warn("storing sightings failed; they are tried again", e);
        }
    }

    @Override
    public void close() {
        detection.stop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a flush of sightings was still running at shutdown");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        flush(true);
    }
}
