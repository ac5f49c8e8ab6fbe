package org.entente.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.entente.server.error.ApiException;
import org.entente.server.store.Payload;
import org.entente.stix.StixJson;
import org.entente.stix.StixParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The first pass over a body too large to hold: reads it once, token by token, checks its syntax
 * and text (throwing with the line and column, or byte offset, of the first error), counts its
 * objects and notes where its marking definitions are, so that they can be read before the objects
 * they mark wherever they sit in the body. Cheap next to building trees.
 */
final class EnvelopeScan {
    private EnvelopeScan() {}

    /**
     * @param markings the byte ranges {@code [from, to)} of the marking definitions, in order
     */
    record Result(int count, List<long[]> markings) {
        /** The marking definitions' bytes, read again from the payload. */
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
    }

    static Result scan(Payload payload, Ingest.Shape shape) {
        List<long[]> markings = new ArrayList<>();
        try (InputStream in = payload.open();
                JsonParser parser = StixJson.parser(in)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw ApiException.invalid("the body is empty: send a TAXII envelope");
            }
            int count = 0;
            do {
                if (token == JsonToken.START_OBJECT) {
                    count += objectsIn(parser, shape, markings);
                } else if (token == JsonToken.START_ARRAY && shape == Ingest.Shape.ANY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        item(parser, markings);
                        count++;
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
            return new Result(count, markings);
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw ApiException.invalid(
                    "the body is not well-formed JSON: "
                            + e.getOriginalMessage()
                            + (where == null ? "" : at(where.getLineNr(), where.getColumnNr())));
        } catch (StixParseException e) {
            throw ApiException.invalid(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One item of a list of objects, the parser on its first token: skipped, and noted when it is a
     * marking definition.
     */
    private static void item(JsonParser parser, List<long[]> markings) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        long from = parser.currentTokenLocation().getByteOffset();
        boolean marking = false;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                marking = parser.getString().equals("marking-definition");
            } else {
                parser.skipChildren();
            }
        }
        if (marking) {
            markings.add(new long[] {from, parser.currentTokenLocation().getByteOffset() + 1});
        }
    }

    /**
     * Counts the objects of one top-level JSON object: the items of its {@code objects} list when
     * it is an envelope or bundle, else the object itself (JSON lines of STIX objects).
     */
    private static int objectsIn(JsonParser parser, Ingest.Shape shape, List<long[]> markings) {
        long from = parser.currentTokenLocation().getByteOffset();
        int count = 0;
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
                    item(parser, markings);
                    count++;
                }
            } else {
                if (name.equals("objects") && shape == Ingest.Shape.ENVELOPE) {
                    throw ApiException.unprocessable(
                            "the envelope's 'objects' must be a list of STIX objects");
                }
                if (name.equals("type")) {
                    typed = value != JsonToken.VALUE_STRING || !parser.getString().equals("bundle");
                    marking =
                            value == JsonToken.VALUE_STRING
                                    && parser.getString().equals("marking-definition");
                }
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw ApiException.invalid("the body ends inside an object");
        }
        if (container || !typed) {
            return count;
        }
        if (shape == Ingest.Shape.ENVELOPE) {
            throw ApiException.unprocessable(
                    "the body must be a TAXII envelope with an 'objects' list, not a single"
                            + " object");
        }
        if (marking) {
            markings.add(new long[] {from, parser.currentTokenLocation().getByteOffset() + 1});
        }
        return 1;
    }

    private static String at(long line, long column) {
        return " (line " + line + ", column " + column + ")";
    }
}
