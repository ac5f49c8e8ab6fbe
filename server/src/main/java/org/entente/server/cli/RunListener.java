package org.entente.server.cli;

/**
 * What a {@link MatchRunner} reports while it runs. Calls come from the runner's threads, one at a
 * time: indicator reports while loading, event reports and progress from the thread that writes the
 * output.
 */
public interface RunListener {
    /** An indicator that will not be matched, and why. */
    default void indicatorRejected(String indicatorId, String reason) {}

    /** An event line that could not be read; {@code line} counts from 1. */
    default void eventRejected(long line, String reason) {}

    /** Every {@code progressEvery} events, and once at the end. */
    default void progress(RunSummary soFar) {}

    RunListener NONE = new RunListener() {};
}
