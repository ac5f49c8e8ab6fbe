package org.entente.server.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.collection.Collection;
import org.entente.server.store.Outgoing;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The blocklist of a constituent: entries from the indicators it receives and may act on, and how
 * many it receives that gave none, for the files' header (a list that silently drops indicators
 * would look complete). The files' comments are in English, as the tools that load them expect.
 *
 * @param indicators the indicators the reader's TAXII read gave
 * @param skipped those whose pattern is no simple equality ({@link BlockEntry#of})
 * @param leftOut those revoked or past their {@code valid_until}
 * @param notActionable those of a TLP the reader may not act on
 */
record Blocklist(
        Instant at, List<Line> lines, int indicators, int skipped, int leftOut, int notActionable) {
    Blocklist {
        Objects.requireNonNull(at, "at");
        lines = List.copyOf(lines);
    }

    /** An entry and the indicator it comes from. */
    record Line(
            BlockEntry entry,
            String indicatorId,
            String collectionId,
            Tlp tlp,
            Optional<Instant> validUntil) {
        Line {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(indicatorId, "indicatorId");
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(tlp, "tlp");
            Objects.requireNonNull(validUntil, "validUntil");
        }
    }

    /**
     * The plain text list of one kind: comment lines starting with {@code #}, then one value a
     * line.
     */
    String text(BlockEntry.Kind kind) {
        StringBuilder out = new StringBuilder();
        out.append("# Entente blocklist (")
                .append(kind.key())
                .append("), made ")
                .append(at)
                .append('\n');
        header(out, "\n");
        for (String v : Portal.values(this, kind)) {
            out.append(v).append('\n');
        }
        return out.toString();
    }

    /** Every entry with its indicator, as CSV (RFC 4180), after the same comment lines. */
    String csv() {
        StringBuilder out = new StringBuilder();
        out.append("# Entente blocklist, made ").append(at).append("\r\n");
        header(out, "\r\n");
        out.append("kind,value,hash_algorithm,indicator_id,collection_id,tlp,valid_until\r\n");
        for (Line l : lines) {
            out.append(cell(l.entry().kind().key()))
                    .append(',')
                    .append(cell(l.entry().value()))
                    .append(',')
                    .append(cell(l.entry().algorithm()))
                    .append(',')
                    .append(cell(l.indicatorId()))
                    .append(',')
                    .append(cell(l.collectionId()))
                    .append(',')
                    .append(cell(l.tlp().label()))
                    .append(',')
                    .append(cell(l.validUntil().map(Instant::toString).orElse("")))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** The counts, as comment lines ending with {@code end}. */
    private void header(StringBuilder out, String end) {
        String prefix = "# ";
        out.append(prefix)
                .append(indicators)
                .append(" indicators received; ")
                .append(indicators - skipped - leftOut - notActionable)
                .append(" gave entries")
                .append(end);
        out.append(prefix)
                .append("skipped: ")
                .append(skipped)
                .append(
                        " indicators whose pattern is not an equality (or OR of equalities) of an"
                                + " IP address or network, domain, URL or file hash")
                .append(end);
        out.append(prefix)
                .append("left out: ")
                .append(leftOut)
                .append(" revoked or expired indicators, ")
                .append(notActionable)
                .append(" of a TLP not to act on")
                .append(end);
    }

    /**
     * A CSV cell, quoted; one a spreadsheet would take for a formula starts with an apostrophe. The
     * values were checked already ({@link BlockEntry}), so this is a second line of defence.
     */
    static String cell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /** Collects a blocklist indicator by indicator. */
    static final class Builder {
        private final Instant now;
        private final List<Line> lines = new ArrayList<>();
        private int indicators;
        private int skipped;
        private int leftOut;
        private int notActionable;

        Builder(Instant now) {
            this.now = now;
        }

        void add(Collection c, Outgoing o, JsonNode body) {
            indicators++;
            Optional<Instant> until = Portal.time(body, "valid_until");
            if (Portal.revoked(body) || (until.isPresent() && !until.get().isAfter(now))) {
                leftOut++;
                return;
            }
            if (!Portal.ACTIONABLE.contains(o.tlp())) {
                notActionable++;
                return;
            }
            Optional<String> type = Intelligence.text(body, "pattern_type");
            Optional<List<BlockEntry>> entries =
                    type.isPresent() && type.get().equals("stix")
                            ? BlockEntry.of(Intelligence.text(body, "pattern").orElse(null))
                            : Optional.empty();
            if (entries.isEmpty()) {
                skipped++;
                return;
            }
            for (BlockEntry e : entries.get()) {
                lines.add(new Line(e, o.id(), c.id(), o.tlp(), until));
            }
        }

        Blocklist build() {
            return new Blocklist(now, lines, indicators, skipped, leftOut, notActionable);
        }
    }
}
