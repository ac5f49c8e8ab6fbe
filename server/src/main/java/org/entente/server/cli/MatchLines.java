package org.entente.server.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.entente.pattern.Match;
import org.entente.pattern.MatchedObservation;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code entente match} writes: a JSON line per match, written as text without a tree (the
 * writer thread is the pipeline's narrowest point, and a tree per match would cost more than the
 * match), or one bundle of sightings at the end.
 */
final class MatchLines {
    private MatchLines() {}

    /**
     * The JSON line of a match: {@code {"indicator":..,"events":[..],"first_seen":..,"last_seen":..
     * [,"observed_data_refs":[..]]}}.
     */
    static void appendMatchLine(Match m, StringBuilder out) {
        out.append("{\"indicator\":");
        appendString(m.indicatorId(), out);
        out.append(",\"events\":[");
        boolean observedData = false;
        for (int i = 0; i < m.observations().size(); i++) {
            MatchedObservation o = m.observations().get(i);
            out.append(i == 0 ? "" : ",").append(o.seq());
            observedData |= o.observedDataId() != null;
        }
        out.append("],\"first_seen\":\"")
                .append(Timestamps.formatMicros(micros(m.first())))
                .append("\",\"last_seen\":\"")
                .append(Timestamps.formatMicros(micros(m.last())))
                .append('"');
        if (observedData) {
            out.append(",\"observed_data_refs\":[");
            boolean first = true;
            for (MatchedObservation o : m.observations()) {
                if (o.observedDataId() != null) {
                    out.append(first ? "" : ",");
                    appendString(o.observedDataId(), out);
                    first = false;
                }
            }
            out.append(']');
        }
        out.append("}\n");
    }

    private static long micros(Instant t) {
        return Math.addExact(
                Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** A JSON string literal (RFC 8259 escapes). */
    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** One bundle of {@code objects} and a newline; {@code out} stays open. */
    static void writeBundle(List<ObjectNode> objects, OutputStream out) {
        try (JsonGenerator g = StixJson.mapper().createGenerator(new NonClosing(out))) {
            g.writeStartObject();
            g.writeStringProperty("type", "bundle");
            g.writeStringProperty("id", "bundle--" + UUID.randomUUID());
            g.writeName("objects");
            g.writeStartArray();
            for (ObjectNode o : objects) {
                g.writeTree(o);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        try {
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the caller's stream open when the generator closes. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
