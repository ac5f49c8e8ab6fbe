package org.entente.server.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.entente.server.ingest.Ingest;

/** A one-line progress bar on standard error, drawn only when it is a terminal. */
final class Progress implements Ingest.Listener {
    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int total = -1;

    Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void started(int total) {
        this.total = total;
    }

    @Override
    public void chunkWritten(int done, int failures) {
        if (!terminal) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        int width = 30;
        int filled = total > 0 ? (int) ((long) done * width / total) : 0;
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        err.printf(
                Locale.ROOT,
                "\r[%s] %,d/%,d objects, %,d rejected, %,.0f/s ",
                bar,
                done,
                Math.max(total, done),
                failures,
                done / seconds);
        err.flush();
    }

    void finish() {
        if (terminal) {
            err.println();
        }
    }
}
