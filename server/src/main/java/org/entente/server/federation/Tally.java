package org.entente.server.federation;

import java.util.Optional;

/** What one collection did in a run, counted as it goes (a {@link RunReport.CollectionRun}). */
final class Tally {
    final String remote;
    final Optional<String> local;
    int stored;
    int held;
    int refused;
    int pages;
    boolean caughtUp;
    int sent;
    int rejected;
    int feedback;
    Optional<String> stopped = Optional.empty();
    Optional<String> error = Optional.empty();

    Tally(String remote, Optional<String> local) {
        this.remote = remote;
        this.local = local;
    }

    void stop(String why) {
        if (stopped.isEmpty()) {
            stopped = Optional.of(why);
        }
    }

    RunReport.CollectionRun report() {
        return new RunReport.CollectionRun(
                remote, local, stored, held, refused, pages, caughtUp, sent, rejected, feedback,
                stopped, error);
    }
}
