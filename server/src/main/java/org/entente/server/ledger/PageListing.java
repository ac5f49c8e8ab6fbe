package org.entente.server.ledger;

import java.util.ArrayList;
import java.util.List;
import org.entente.stix.Tlp;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The {@code detail} of a page entry: the object versions it carried, as one canonical JSON text
 * (docs/ledger.md, "Page entries"):
 *
 * <pre>
 * {"objects":[{"id":"indicator--…","version":"2026-…Z","type":"indicator","tlp":"AMBER"},…]}
 * </pre>
 *
 * <p>Exactly these names in this order, no whitespace, strings escaped only where JSON requires
 * ({@code "} and {@code \}; the ledger refuses control characters). One text per list, so that the
 * hash over {@code detail} pins every listed version, and a partner who parses the listing with any
 * JSON library reads the same versions the node hashed.
 */
public final class PageListing {
    /**
     * The most versions one entry lists: a page larger than this is recorded in several entries, so
     * that a listing stays well under the 1 MiB limit of {@code detail} whatever its ids.
     */
    public static final int MAX_VERSIONS = 1000;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private PageListing() {}

    /** The canonical text of a listing of 1 to {@link #MAX_VERSIONS} versions. */
    public static String write(List<DisclosedVersion> versions) {
        if (versions.isEmpty() || versions.size() > MAX_VERSIONS) {
            throw new IllegalArgumentException(
                    "a page entry lists 1 to "
                            + MAX_VERSIONS
                            + " object versions, not "
                            + versions.size());
        }
        StringBuilder b = new StringBuilder(versions.size() * 140 + 16);
        b.append("{\"objects\":[");
        for (int i = 0; i < versions.size(); i++) {
            DisclosedVersion v = versions.get(i);
            b.append(i == 0 ? "{\"id\":" : ",{\"id\":");
            quote(b, v.objectId());
            b.append(",\"version\":");
            quote(b, v.version());
            b.append(",\"type\":");
            quote(b, v.type());
            b.append(",\"tlp\":\"").append(v.tlp().name()).append("\"}");
        }
        return b.append("]}").toString();
    }

    /**
     * The versions a listing holds.
     *
     * @throws IllegalArgumentException saying what is wrong when {@code detail} is not a listing in
     *     its canonical form
     */
    public static List<DisclosedVersion> read(String detail) {
        List<DisclosedVersion> versions = new ArrayList<>();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), detail)) {
            expect(p, JsonToken.START_OBJECT, "the listing must be a JSON object");
            expectName(p, "objects");
            expect(p, JsonToken.START_ARRAY, "'objects' must be an array");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int n = versions.size() + 1;
                String id = field(p, "id", n);
                String version = field(p, "version", n);
                String type = field(p, "type", n);
                String tlp = field(p, "tlp", n);
                expect(p, JsonToken.END_OBJECT, "object version " + n + " has more fields");
                Tlp level;
                try {
                    level = Tlp.valueOf(tlp);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "object version " + n + " has an unknown tlp '" + tlp + "'", e);
                }
                try {
                    versions.add(new DisclosedVersion(id, version, type, level));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "object version " + n + ": " + e.getMessage(), e);
                }
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException("'objects' must hold only objects");
            }
            expect(p, JsonToken.END_OBJECT, "the listing has more than 'objects'");
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("the listing has text after its end");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "the listing is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!write(versions).equals(detail)) {
            throw new IllegalArgumentException(
                    "the listing is not in its canonical form (names in order, no whitespace,"
                            + " minimal escapes)");
        }
        return versions;
    }

    private static String field(JsonParser p, String name, int n) {
        if (p.nextToken() != JsonToken.PROPERTY_NAME || !name.equals(p.currentName())) {
            throw new IllegalArgumentException(
                    "object version " + n + " must have '" + name + "' here");
        }
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(
                    "object version " + n + ": '" + name + "' must be a string");
        }
        return p.getString();
    }

    private static void expect(JsonParser p, JsonToken token, String message) {
        if (p.nextToken() != token) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void expectName(JsonParser p, String name) {
        if (p.nextToken() != JsonToken.PROPERTY_NAME || !name.equals(p.currentName())) {
            throw new IllegalArgumentException("the listing must start with '" + name + "'");
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        b.append('"');
    }
}
