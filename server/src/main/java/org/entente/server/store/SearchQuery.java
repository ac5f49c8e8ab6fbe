package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.stix.Tlp;

/**
 * One page of the console's list of objects across collections: the latest version of each object
 * that matches, newest first. What the reader may see is not part of the query: it is the {@link
 * SearchDao.Readable} visibilities every read takes beside it.
 *
 * @param text words the object must hold; without them, the objects as they were added
 * @param collections only these collection ids; empty means every one the reader may read
 * @param types only these STIX types; empty means any
 * @param tlp only this governing TLP
 * @param label only objects carrying this label ({@link Labels} compares)
 * @param origin only what this organisation (its id) sent us; {@link #OURS} for our own objects
 * @param addedFrom only versions added at or after this (microseconds)
 * @param addedBefore only versions added before this (microseconds)
 * @param after where the previous page ended
 * @param limit at most this many objects
 */
public record SearchQuery(
        Optional<SearchText.Query> text,
        Set<String> collections,
        Set<String> types,
        Optional<Tlp> tlp,
        Optional<String> label,
        Optional<String> origin,
        OptionalLong addedFrom,
        OptionalLong addedBefore,
        Optional<Cursor> after,
        int limit) {
    /** The {@link #origin} of our own objects, which no organisation sent us. */
    public static final String OURS = "";

    /** The most objects a page holds. */
    public static final int MAX_LIMIT = 200;

    public SearchQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(addedFrom, "addedFrom");
        Objects.requireNonNull(addedBefore, "addedBefore");
        Objects.requireNonNull(after, "after");
        collections = Set.copyOf(collections);
        types = Set.copyOf(types);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (after.isPresent() && after.get().text() != text.isPresent()) {
            throw new IllegalArgumentException(
                    "after: a cursor of a "
                            + (after.get().text() ? "search" : "list")
                            + " cannot continue a "
                            + (text.isPresent() ? "search" : "list"));
        }
    }

    /**
     * Where a page ended. A search is in the order the indexer reached the objects (its document
     * number, newest first); a list in date_added order, newest first, and within one date_added
     * (unique only within a collection) by the collection's number.
     *
     * @param text whether it continues a search
     * @param key the document number of a search, the date_added of a list
     * @param collectionSeq the collection of the last object of a list; 0 for a search
     */
    public record Cursor(boolean text, long key, int collectionSeq) {
        public Cursor {
            if (key < 0 || collectionSeq < 0) {
                throw new IllegalArgumentException("a cursor holds no negative number");
            }
        }

        /** As a link carries it. */
        public String token() {
            return (text ? "s" : "l") + key + "." + collectionSeq;
        }

        /**
         * A cursor from a link.
         *
         * @throws IllegalArgumentException when the text is no cursor this node made
         */
        public static Cursor parse(String token) {
            if (token.length() > 40 || !token.matches("[sl][0-9]{1,19}\\.[0-9]{1,10}")) {
                throw new IllegalArgumentException("'" + token + "' is not a page cursor");
            }
            int dot = token.indexOf('.');
            try {
                return new Cursor(
                        token.charAt(0) == 's',
                        Long.parseLong(token.substring(1, dot)),
                        Integer.parseInt(token.substring(dot + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + token + "' is not a page cursor", e);
            }
        }
    }
}
