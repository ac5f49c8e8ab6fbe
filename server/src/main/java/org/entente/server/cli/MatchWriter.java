package org.entente.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Match;
import org.entente.pattern.Sightings;

/**
 * The one thread of {@code entente match} that takes the workers' batches back in input order,
 * correlates patterns that span several events (which needs events in order, so it cannot be spread
 * over the workers), and writes match lines or gathers sightings. A failure is kept for the runner
 * to throw, and the queue is drained on so that the reader never blocks.
 */
final class MatchWriter implements Runnable {
    private final MatchTally tally;
    private final IndicatorMatcher matcher;
    private final BlockingQueue<Future<EventBatch>> queue;
    private final OutputStream out;
    private final Sightings sightings;
    private final MatchRunner.Output output;
    private final StringBuilder line = new StringBuilder(256);
    private volatile Throwable failure;
    private int batches;

    /** {@code sightings} gathers the matches when {@code output} is sightings. */
    MatchWriter(
            MatchTally tally,
            IndicatorMatcher matcher,
            BlockingQueue<Future<EventBatch>> queue,
            OutputStream out,
            Sightings sightings,
            MatchRunner.Output output) {
        this.tally = tally;
        this.matcher = matcher;
        this.queue = queue;
        this.out = out;
        this.sightings = sightings;
        this.output = output;
    }

    boolean failed() {
        return failure != null;
    }

    /** What went wrong while writing, if anything. */
    Throwable failure() {
        return failure;
    }

    Sightings sightings() {
        return sightings;
    }

    /** Counts and reports a line the reader dropped; called from the reader's thread. */
    void lineTooLong(long line) {
        synchronized (tally) {
            tally.eventsRead++;
            tally.eventsRejected++;
        }
        RunListener listener = tally.listener();
        synchronized (listener) {
            listener.eventRejected(
                    line, "the line is longer than " + MatchRunner.MAX_LINE + " bytes");
        }
    }

    @Override
    public void run() {
        while (true) {
            EventBatch b;
            try {
                b = queue.take().get();
            } catch (InterruptedException e) {
                failure = e;
                return;
            } catch (ExecutionException e) {
                failure = e.getCause();
                continue; // keep draining so the reader never blocks
            }
            if (b == EventBatch.END) {
                return;
            }
            if (failure != null) {
                continue;
            }
            try {
                write(b);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
    }

    private void write(EventBatch b) throws IOException {
        RunListener listener = tally.listener();
        if (b.rejections != null) {
            synchronized (listener) {
                for (int i = 0; i < b.rejections.size(); i++) {
                    listener.eventRejected(b.rejectedLines[i], b.rejections.get(i));
                }
            }
        }
        matcher.advanceTo(b.maxTime);
        for (int i = 0; i < b.matchedObservations.length; i++) {
            List<Match> matches = matcher.correlate(b.matchedObservations[i], b.hits[i]);
            if (matches.isEmpty()) {
                continue;
            }
            synchronized (tally) {
                tally.eventsMatched++;
                tally.matches += matches.size();
            }
            for (Match m : matches) {
                if (output == MatchRunner.Output.MATCHES) {
                    line.setLength(0);
                    MatchLines.appendMatchLine(m, line);
                    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                } else {
                    sightings.add(m);
                }
            }
        }
        synchronized (tally) {
            tally.blankLines += b.blankLines;
            tally.eventsRead += b.size();
            tally.eventsRejected += b.rejected;
            tally.eventsUnmapped += b.unmapped;
        }
        if (++batches % 16 == 0) {
            for (String gone : matcher.expire()) {
                listener.indicatorRejected(gone, "expired while running (valid_until passed)");
            }
            matcher.sweep();
        }
        tally.progress(matcher);
    }
}
