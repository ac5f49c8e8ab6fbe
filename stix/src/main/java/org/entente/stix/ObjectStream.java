package org.entente.stix;

import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads STIX objects one at a time from a stream, never holding more than one object in memory: a
 * bundle or TAXII envelope (its {@code objects} list is streamed wherever it sits among the other
 * properties), a JSON array of objects, a single object, or objects one after another (JSON Lines).
 * Each returned node is what the validator then judges; the stream itself only fails on input that
 * is not JSON.
 */
public final class ObjectStream implements Iterator<JsonNode>, AutoCloseable {
    private enum State {
        ROOT,
        IN_OBJECTS,
        IN_ROOT_OBJECT,
        IN_ARRAY,
        DONE
    }

    /** Reads one value as a tree with a deserializer looked up once, not per object. */
    private static final ObjectReader TREES =
            StixJson.mapper()
                    .readerFor(JsonNode.class)
                    // each value is one of many in the stream, not a whole document
                    .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonParser parser;
    private final byte[] source;
    private long pendingStart = -1;
    private long pendingEnd = -1;
    private long lastStart = -1;
    private long lastEnd = -1;
    private final ObjectNode container = JsonNodeFactory.instance.objectNode();
    private State state = State.ROOT;
    private JsonNode pending;
    private int returned;
    private int roots;
    private boolean sawContainer;
    private ObjectNode rootObject;
    private boolean rootHadList;

    private ObjectStream(JsonParser parser, byte[] source) {
        this.parser = parser;
        this.source = source;
    }

    /**
     * Reads from a stream, checking its text as it goes ({@link StixJson#parser(InputStream)}):
     * objects before bad text may have been returned by the time it is found. Opening reads the
     * first bytes (to tell the encoding), so it may itself throw {@link StixParseException}.
     */
    public static ObjectStream open(InputStream in) {
        return new ObjectStream(StixJson.parser(in), null);
    }

    /**
     * Reads from memory; objects of a list then also come with their exact bytes. The whole input
     * is checked for bad text ({@link StixJson#checkText(byte[])}) first, so that opening throws
     * {@link StixParseException} for it and a caller storing objects as they come stores nothing
     * from such input.
     */
    public static ObjectStream open(byte[] json) {
        return new ObjectStream(StixJson.parser(json), json);
    }

    /**
     * Reads from memory, as {@link #open(byte[])} does, bytes that a first pass has already read
     * whole with the same checks (their text, and names given twice in one object): neither is made
     * again ({@link StixJson#parserOfScanned}). Objects of a list come with their exact bytes.
     */
    public static ObjectStream openScanned(byte[] json) {
        return new ObjectStream(StixJson.parserOfScanned(json), json);
    }

    /**
     * The exact bytes of the object last returned by {@link #next()}, as they stood in the input,
     * when the stream reads from memory and the object was an item of a list; empty otherwise. A
     * store can keep these instead of serializing the tree again.
     */
    public java.util.Optional<byte[]> rawBytes() {
        if (source == null || lastStart < 0 || lastEnd <= lastStart) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                java.util.Arrays.copyOfRange(source, (int) lastStart, (int) lastEnd));
    }

    /**
     * The properties of the enclosing bundle or envelope other than {@code objects} ({@code type},
     * {@code id}, {@code more}, {@code next}...), as far as read so far.
     */
    public ObjectNode container() {
        return container;
    }

    /** True once a bundle or envelope (an object with {@code objects}) has been seen. */
    public boolean sawContainer() {
        return sawContainer;
    }

    /** How many top-level JSON values were read so far (1 for a bundle or an envelope). */
    public int rootValues() {
        return roots;
    }

    /** How many objects were returned so far; also the index of the next one. */
    public int count() {
        return returned;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && state != State.DONE) {
            try {
                pending = advance();
            } catch (StixParseException e) {
                state = State.DONE;
                throw e;
            } catch (StreamConstraintsException e) {
                throw failure("input exceeds a safety limit: " + e.getOriginalMessage(), e);
            } catch (JacksonException e) {
                throw failure("malformed JSON: " + e.getOriginalMessage(), e);
            } catch (NumberFormatException e) {
                // NB: found by fuzzing: Jackson throws this, not one of its own, for a number
                // whose exponent is out of range (2.5e3456789012345678901117)
                throw failure("a number this node cannot read: " + e.getMessage(), e);
            }
        }
        return pending != null;
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode node = pending;
        pending = null;
        lastStart = pendingStart;
        lastEnd = pendingEnd;
        pendingStart = -1;
        pendingEnd = -1;
        returned++;
        return node;
    }

    @Override
    public void close() {
        parser.close();
    }

    private JsonNode advance() {
        while (true) {
            switch (state) {
                case DONE:
                    return null;
                case ROOT:
                    {
                        JsonToken token = parser.nextToken();
                        if (token == null) {
                            state = State.DONE;
                            return null;
                        }
                        roots++;
                        if (token == JsonToken.START_ARRAY) {
                            state = State.IN_ARRAY;
                        } else if (token == JsonToken.START_OBJECT) {
                            rootObject = JsonNodeFactory.instance.objectNode();
                            state = State.IN_ROOT_OBJECT;
                        } else {
                            throw failure(
                                    "expected a bundle, an envelope or a STIX object, found "
                                            + token.asString(),
                                    null);
                        }
                        break;
                    }
                case IN_ARRAY:
                    {
                        JsonToken token = parser.nextToken();
                        if (token == JsonToken.END_ARRAY) {
                            state = State.ROOT;
                            break;
                        }
                        return item();
                    }
                case IN_OBJECTS:
                    {
                        JsonToken token = parser.nextToken();
                        if (token == JsonToken.END_ARRAY) {
                            state = State.IN_ROOT_OBJECT;
                            break;
                        }
                        if (token == null) {
                            throw failure("the input ended inside the objects list", null);
                        }
                        return item();
                    }
                case IN_ROOT_OBJECT:
                    {
                        JsonToken token = parser.nextToken();
                        if (token == JsonToken.END_OBJECT) {
                            state = State.ROOT;
                            ObjectNode finished = rootObject;
                            rootObject = null;
                            boolean hadList = rootHadList;
                            rootHadList = false;
                            if (hadList || isContainer(finished)) {
                                sawContainer = true;
                                container.setAll(finished);
                                break;
                            }
                            return finished;
                        }
                        if (token != JsonToken.PROPERTY_NAME) {
                            throw failure("the input ended inside an object", null);
                        }
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (name.equals("objects") && value == JsonToken.START_ARRAY) {
                            container.setAll(rootObject); // the properties read before the list
                            rootHadList = true;
                            sawContainer = true;
                            state = State.IN_OBJECTS;
                            break;
                        }
                        // NB: an 'objects' that is not a list is an ordinary property (the
                        // deprecated observed-data dictionary); the validator judges it.
                        if (rootObject.has(name)) {
                            throw failure("duplicate property '" + name + "'", null);
                        }
                        rootObject.set(name, TREES.<JsonNode>readValue(parser));
                        if (sawContainer) {
                            // properties after the list belong to the container
                            container.set(name, rootObject.get(name));
                        }
                        break;
                    }
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** Reads one item of a list, noting where its bytes start and end. */
    private JsonNode item() {
        long start = source == null ? -1 : parser.currentTokenLocation().getByteOffset();
        JsonNode node = TREES.<JsonNode>readValue(parser);
        pendingStart = start;
        pendingEnd = source == null ? -1 : parser.currentLocation().getByteOffset();
        return node;
    }

    /** A bundle or envelope with no objects at all is still a container, not an object. */
    private static boolean isContainer(ObjectNode root) {
        JsonNode type = root.get("type");
        if (type != null && type.isString()) {
            return type.stringValue().equals("bundle");
        }
        return root.has("more") || root.has("next") || root.isEmpty();
    }

    private StixParseException failure(String message, Exception cause) {
        TokenStreamLocation where =
                cause instanceof JacksonException je && je.getLocation() != null
                        ? je.getLocation()
                        : parser.currentLocation();
        long line = where == null ? -1 : where.getLineNr();
        long column = where == null ? -1 : where.getColumnNr();
        int index = state == State.IN_OBJECTS || state == State.IN_ARRAY ? returned : -1;
        StringBuilder text = new StringBuilder(message);
        if (line > 0) {
            text.append(" (line ").append(line).append(", column ").append(column);
            if (index >= 0) {
                text.append(", object ").append(index);
            }
            text.append(')');
        }
        state = State.DONE;
        return new StixParseException(text.toString(), line, column, index, cause);
    }
}
