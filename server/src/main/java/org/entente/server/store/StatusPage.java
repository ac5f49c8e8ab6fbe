package org.entente.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The lines of one page of a status resource: whole chunks of the request, in order, from a given
 * chunk, until the next would take the page over its number of lines (a page holds at least one
 * chunk). The same rule makes the answer to a POST and every page read back, so the answer to a
 * POST is exactly the status's first page.
 */
public final class StatusPage {
    private final int maxLines;
    private final List<StatusDetail> successes = new ArrayList<>();
    private final List<StatusDetail> failures = new ArrayList<>();
    private int lines;
    private OptionalInt next = OptionalInt.empty();

    public StatusPage(int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be positive, not " + maxLines);
        }
        this.maxLines = maxLines;
    }

    /** Whether the chunk with so many lines belongs to this page; once one does not, none does. */
    public boolean takes(int chunk, int chunkLines) {
        if (next.isPresent()) {
            return false;
        }
        if (lines > 0 && lines + chunkLines > maxLines) {
            next = OptionalInt.of(chunk);
            return false;
        }
        lines += chunkLines;
        return true;
    }

    /** Adds a chunk's lines if the page takes them. */
    public void add(int chunk, List<StatusDetail> outcomes) {
        if (takes(chunk, outcomes.size())) {
            outcomes.forEach(this::line);
        }
    }

    /** Adds one line of a chunk the page took. */
    public void line(StatusDetail d) {
        (d.isFailure() ? failures : successes).add(d);
    }

    public List<StatusDetail> successes() {
        return successes;
    }

    public List<StatusDetail> failures() {
        return failures;
    }

    /** The chunk the next page starts at, when there is one. */
    public OptionalInt next() {
        return next;
    }
}
