package org.entente.server.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.entente.server.error.ApiException;
import org.entente.server.store.Payload;
import org.entente.server.store.StatusDetail;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixJson;
import org.entente.stix.StixParseException;
import org.entente.stix.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first pass over a body: reads it once, token by token, without building trees. It checks
 * syntax and text (throwing with the line and column, or byte offset, of the first error), counts
 * the objects, notes where the ones larger than the limit lie (so that they are never parsed) and
 * where the marking definitions are (so that they can be read before the objects they mark,
 * wherever they sit in the body). Cheap next to building trees: a request over the bounds costs
 * this pass and nothing more.
 */
final class EnvelopeScan {
    private EnvelopeScan() {}

    /**
     * The pass's parser: STIX's JSON rules, but the few strings this pass reads (an object's type,
     * id and timestamps) may not be long. Strings it skips are not held, whatever their length.
     */
    private static final JsonMapper SCANNER =
            JsonMapper.builder(
                            StixJson.mapper()
                                    .tokenStreamFactory()
                                    .rebuild()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(StixJson.MAX_NESTING_DEPTH)
                                                    .maxStringLength(4096)
                                                    .maxNumberLength(400)
                                                    .build())
                                    .build())
                    .build();

    /**
     * The pass's parser without the check of names given twice in one object, for a body whose
     * every object is read again with the check before anything of it is written ({@link
     * Ingest#parse}). The check keeps a set of names for each object it passes, and this pass skips
     * them: for the pages a partner node pulls, this pass's sets were 4.3 % of what the node
     * allocated (docs/benchmarks.md, "Session 38").
     */
    private static final ObjectReader SKIMMER =
            SCANNER.reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /**
     * @param namesCheckedLater whether every object is read again, names checked, before anything
     *     is written: the pass then leaves that check out
     */
    static Result scan(
            Payload payload, Ingest.Shape shape, int maxObjectBytes, boolean namesCheckedLater) {
        Result scan = new Result(maxObjectBytes);
        try (InputStream in = payload.open();
                JsonParser parser =
                        namesCheckedLater
                                ? SKIMMER.createParser(StixJson.checked(in))
                                : SCANNER.createParser(StixJson.checked(in))) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw ApiException.invalid("the body is empty: send a TAXII envelope");
            }
            do {
                if (token == JsonToken.START_OBJECT) {
                    objectsIn(parser, shape, scan);
                } else if (token == JsonToken.START_ARRAY && shape == Ingest.Shape.ANY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        scan.item(parser);
                    }
                } else {
                    throw ApiException.unprocessable(
                            "the body must be a TAXII envelope ({\"objects\": [...]}), not a JSON "
                                    + (token == JsonToken.START_ARRAY ? "array" : "value"));
                }
                token = parser.nextToken();
                if (token != null && shape == Ingest.Shape.ENVELOPE) {
                    throw ApiException.invalid(
                            "the body has content after the envelope"
                                    + at(
                                            parser.currentLocation().getLineNr(),
                                            parser.currentLocation().getColumnNr()));
                }
            } while (token != null);
            return scan;
        } catch (StreamConstraintsException e) {
            throw ApiException.invalid(
                    "the body exceeds a safety limit: " + e.getOriginalMessage() + where(e));
        } catch (JacksonException e) {
            throw ApiException.invalid(
                    "the body cannot be read: malformed JSON: "
                            + e.getOriginalMessage()
                            + where(e));
        } catch (StixParseException e) {
            throw ApiException.invalid("the body cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(JacksonException e) {
        var where = e.getLocation();
        return where == null ? "" : at(where.getLineNr(), where.getColumnNr());
    }

    /**
     * One top-level JSON object: the items of its {@code objects} list when it is an envelope or
     * bundle, else the object itself (JSON lines of STIX objects).
     */
    private static void objectsIn(JsonParser parser, Ingest.Shape shape, Result scan) {
        long from = parser.currentTokenLocation().getByteOffset();
        boolean container = false;
        boolean typed = false; // a STIX object has a type; an envelope has none
        boolean marking = false;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("objects") && value == JsonToken.START_ARRAY) {
                container = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    scan.item(parser);
                }
            } else {
                if (name.equals("objects") && shape == Ingest.Shape.ENVELOPE) {
                    throw ApiException.unprocessable(
                            "the envelope's 'objects' must be a list of STIX objects");
                }
                if (name.equals("type")) {
                    String type = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    typed = !"bundle".equals(type);
                    marking = "marking-definition".equals(type);
                }
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw ApiException.invalid("the body ends inside an object");
        }
        if (container || !typed) {
            return;
        }
        if (shape == Ingest.Shape.ENVELOPE) {
            throw ApiException.unprocessable(
                    "the body must be a TAXII envelope with an 'objects' list, not a single"
                            + " object");
        }
        // NB: a STIX object on its own (JSON lines) is counted but never measured here: only the
        // CLI's import reads those, from the operator's own files
        if (marking && from >= 0) {
            scan.markings.add(new long[] {from, parser.currentLocation().getByteOffset()});
        }
        scan.count++;
    }

    private static String at(long line, long column) {
        return " (line " + line + ", column " + column + ")";
    }

    /**
     * What the pass found: how many objects the body holds, which items of its lists are larger
     * than the limit (where their bytes lie and what they said they were), and where the marking
     * definitions are.
     */
    static final class Result {
        private final int maxObjectBytes;
        private final TreeMap<Integer, Oversized> oversized = new TreeMap<>();
        private final List<long[]> markings = new ArrayList<>(); // [from, to) of each
        private int count;

        private record Oversized(long start, long end, String id, String version) {}

        Result(int maxObjectBytes) {
            this.maxObjectBytes = maxObjectBytes;
        }

        int count() {
            return count;
        }

        /** Reads one item of a list (the parser on its first token), measuring its bytes. */
        void item(JsonParser parser) {
            long start = parser.currentTokenLocation().getByteOffset();
            String id = null;
            String modified = null;
            String created = null;
            String type = null;
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    boolean wanted =
                            name.equals("id")
                                    || name.equals("modified")
                                    || name.equals("created")
                                    || name.equals("type");
                    if (wanted && value == JsonToken.VALUE_STRING) {
                        String text = text(parser, name);
                        switch (name) {
                            case "id" -> id = text;
                            case "modified" -> modified = text;
                            case "type" -> type = text;
                            default -> created = text;
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
            long end = parser.currentLocation().getByteOffset();
            if (start >= 0 && end - start > maxObjectBytes) {
                oversized.put(
                        count,
                        new Oversized(
                                start,
                                end,
                                id == null ? "object " + count : id,
                                modified != null
                                        ? modified
                                        : created != null ? created : "unknown"));
            } else if (start >= 0 && "marking-definition".equals(type)) {
                markings.add(new long[] {start, end});
            }
            count++;
        }

        /**
         * The string the parser is on, which this pass reads whole. NB: a type, id or timestamp of
         * more than the scanner's few kilobytes cannot be valid, and could not be skipped after a
         * partial read: the request is refused, saying where.
         */
        private String text(JsonParser parser, String name) {
            try {
                return parser.getString();
            } catch (StreamConstraintsException e) {
                var where = parser.currentTokenLocation();
                throw ApiException.invalid(
                        "object "
                                + count
                                + ": its '"
                                + name
                                + "' is longer than any STIX "
                                + (name.equals("id")
                                        ? "id"
                                        : name.equals("type") ? "type" : "timestamp")
                                + " can be"
                                + at(where.getLineNr(), where.getColumnNr()));
            }
        }

        boolean isOversized(int index) {
            return oversized.containsKey(index);
        }

        /**
         * The item {@code stream} just returned as {@code node}, prepared to be judged ({@link
         * IngestRequest#prepare}, its bytes as they came), or refused unparsed if it is too large.
         */
        Object prepare(
                ObjectStream stream,
                JsonNode node,
                Validator validator,
                Map<String, String> notes) {
            int index = stream.count() - 1;
            return isOversized(index)
                    ? refusal(index)
                    : IngestRequest.prepare(validator, notes, node, stream.rawBytes(), index);
        }

        /** The status line of an item too large to parse. */
        StatusDetail refusal(int index) {
            Oversized o = oversized.get(index);
            return StatusDetail.failure(
                    o.id(),
                    o.version(),
                    "the object is "
                            + (o.end() - o.start())
                            + " bytes, more than the "
                            + maxObjectBytes
                            + " accepted here");
        }

        /** The marking definitions' bytes, read again from the payload, in body order. */
        List<byte[]> markingDefinitions(Payload payload) {
            List<byte[]> out = new ArrayList<>(markings.size());
            if (markings.isEmpty()) {
                return out;
            }
            try (InputStream in = payload.open()) {
                long at = 0;
                for (long[] range : markings) {
                    in.skipNBytes(range[0] - at);
                    out.add(in.readNBytes((int) (range[1] - range[0])));
                    at = range[1];
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        /**
         * The body with each oversized item replaced by an empty object and spaces: the same length
         * and positions, so the item still counts where it stood, but nothing of it is parsed
         * again.
         */
        byte[] blank(byte[] body) {
            if (oversized.isEmpty()) {
                return body;
            }
            byte[] copy = body.clone();
            for (Oversized o : oversized.values()) {
                for (int p = (int) o.start(); p < o.end(); p++) {
                    copy[p] = blanked(p, o.start());
                }
            }
            return copy;
        }

        InputStream blank(InputStream in) {
            return oversized.isEmpty() ? in : new Blanked(in, List.copyOf(oversized.values()));
        }

        private static byte blanked(long p, long start) {
            return p == start ? (byte) '{' : p == start + 1 ? (byte) '}' : (byte) ' ';
        }

        /** A stream of the body with oversized items blanked as {@link #blank(byte[])} does. */
        private static final class Blanked extends FilterInputStream {
            private final List<Oversized> spans;
            private int span;
            private long position;

            Blanked(InputStream in, List<Oversized> spans) {
                super(in);
                this.spans = spans;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n <= 0) {
                    return n;
                }
                long from = position;
                long to = position + n;
                while (span < spans.size() && spans.get(span).end() <= from) {
                    span++;
                }
                for (int i = span; i < spans.size() && spans.get(i).start() < to; i++) {
                    Oversized o = spans.get(i);
                    for (long p = Math.max(from, o.start()); p < Math.min(to, o.end()); p++) {
                        b[off + (int) (p - from)] = blanked(p, o.start());
                    }
                }
                position = to;
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // never skips over a span unblanked: reads instead
                byte[] buffer = new byte[(int) Math.min(n, 8192)];
                int read = read(buffer, 0, buffer.length);
                return Math.max(read, 0);
            }
        }
    }
}
