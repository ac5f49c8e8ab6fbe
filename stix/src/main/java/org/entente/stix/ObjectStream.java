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
    private final ObjectNode container = JsonNodeFactory.instance.objectNode();
    private State state = State.ROOT;
    private JsonNode pending;
    private int returned;
    private boolean sawContainer;
    private ObjectNode rootObject;
    private boolean rootHadList;

    private ObjectStream(JsonParser parser) {
        this.parser = parser;
    }

    public static ObjectStream open(InputStream in) {
        return new ObjectStream(StixJson.mapper().createParser(in));
    }

    public static ObjectStream open(byte[] json) {
        return new ObjectStream(StixJson.mapper().createParser(json));
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

    /** How many objects were returned so far; also the index of the next one. */
    public int count() {
        return returned;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && state != State.DONE) {
            try {
                pending = advance();
            } catch (StreamConstraintsException e) {
                throw failure("input exceeds a safety limit: " + e.getOriginalMessage(), e);
            } catch (JacksonException e) {
                throw failure("malformed JSON: " + e.getOriginalMessage(), e);
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
                        return TREES.<JsonNode>readValue(parser);
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
                        return TREES.<JsonNode>readValue(parser);
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
