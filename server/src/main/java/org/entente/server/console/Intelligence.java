package org.entente.server.console;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.policy.Policy;
import org.entente.server.store.StoredObject;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The console's intelligence pages (issue 11 item 3): the objects a person may read across the
 * collections, searched and filtered, and one object with what the node knows of it. Every read
 * takes the visibility {@link Policy#read} gives the person's principal in each collection, the one
 * TAXII reads through; the console serves the local agency's people only, whose reads are recorded
 * nowhere, so no read here needs the ledger ({@link org.entente.server.policy.Disclosures} records
 * what goes to other organisations).
 *
 * <p>This class holds what the pages show and the helpers they share; the work is split by job
 * (issue 12): {@link IntelligenceSearch} the list and search, {@link ObjectPage} one object, {@link
 * Recipients} who may receive it, {@link Viewing} who reads and what they may read.
 */
final class Intelligence {
    /** Objects per page. */
    static final int PAGE = 50;

    /**
     * What an object the person may not read, one of another collection, and one that does not
     * exist all answer: the same words, the same status.
     */
    static final String NOT_FOUND = "there is no such object here";

    /** The most ledger entries and relationships an object's page lists. */
    static final int SHOWN = 50;

    /** The longest label or type a filter takes. */
    static final int MAX_FILTER = 250;

    /** Who may see an object's ledger entries: those whom the ledger's reviews are for. */
    static final Set<Role> LEDGER_READERS = Set.of(Role.ADMIN, Role.LIAISON, Role.AUDITOR);

    private final IntelligenceSearch search;
    private final ObjectPage page;

    Intelligence(IntelligenceSearch search, ObjectPage page) {
        this.search = Objects.requireNonNull(search, "search");
        this.page = Objects.requireNonNull(page, "page");
    }

    /** What a person asked for, as the page's form sends it: every field optional. */
    record Request(
            Optional<String> text,
            Optional<String> collection,
            Optional<String> type,
            Optional<String> tlp,
            Optional<String> label,
            Optional<String> origin,
            Optional<String> from,
            Optional<String> to,
            Optional<String> after) {
        Request {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(tlp, "tlp");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(after, "after");
        }
    }

    /** One object in a list. */
    public record Row(
            String collectionId,
            String collection,
            String id,
            String type,
            String title,
            Tlp tlp,
            Instant added,
            String origin,
            List<String> labels) {
        public Row {
            labels = List.copyOf(labels);
        }

        public String badge() {
            return Intelligence.badge(tlp);
        }
    }

    /** What the form offers to choose from: the person's collections, the organisations. */
    public record Choices(
            List<Collection> collections, List<Organisation> origins, List<Tlp> tlps) {
        public Choices {
            collections = List.copyOf(collections);
            origins = List.copyOf(origins);
            tlps = List.copyOf(tlps);
        }
    }

    /**
     * A page of the list.
     *
     * @param next the cursor of the next page, when more follow
     */
    public record Listing(
            List<Row> rows, Optional<String> next, boolean searched, Choices choices) {
        public Listing {
            rows = List.copyOf(rows);
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(choices, "choices");
        }
    }

    Listing list(SignIns.Person person, Request r, ZoneId zone) {
        return search.list(person, r, zone);
    }

    // ---- one object

    /** A version of the object. */
    public record Version(
            String version, Instant added, Tlp tlp, String origin, boolean keptApart) {
        public String badge() {
            return Intelligence.badge(tlp);
        }
    }

    /**
     * Something related to the object that the person may read too.
     *
     * @param relation the relationship's type, or "sighting"
     * @param outgoing whether the object is the relationship's source
     */
    public record Related(
            String relation,
            boolean outgoing,
            String collectionId,
            String id,
            String type,
            String title,
            Tlp tlp) {
        public String badge() {
            return Intelligence.badge(tlp);
        }
    }

    /**
     * Where the object came from: empty for our own.
     *
     * @param agreement the agreement's title (its id when no longer recorded)
     */
    public record Provenance(
            Optional<String> organisation, Optional<String> agreement, Optional<String> area) {}

    /** An entry of the ledger that names the object. */
    public record Mention(
            long seq,
            Instant at,
            LedgerEntry.Kind kind,
            String organisation,
            String rule,
            List<String> versions) {
        public Mention {
            versions = List.copyOf(versions);
        }

        /** Whether the entry records a receipt (one version, or a chunk's listing). */
        public boolean received() {
            return kind == LedgerEntry.Kind.RECEIVED || kind == LedgerEntry.Kind.RECEIVED_PAGE;
        }
    }

    /** Whether an organisation would receive the object now, and why. */
    public record Reach(
            String organisation, OrgKind kind, boolean goes, boolean returned, String why) {}

    /** Everything the object's page shows. */
    public record ObjectView(
            Collection collection,
            String id,
            String type,
            String title,
            Tlp tlp,
            boolean tlpFromCollection,
            Optional<String> description,
            Optional<String> pattern,
            List<String> labels,
            String json,
            List<Version> versions,
            List<Related> related,
            Provenance provenance,
            Optional<List<Mention>> ledger,
            List<Reach> reach,
            boolean revoked) {
        public String badge() {
            return Intelligence.badge(tlp);
        }
    }

    ObjectView object(SignIns.Person person, String collectionId, String id) {
        return page.object(person, collectionId, id);
    }

    // ---- helpers the pages share

    static JsonNode parse(byte[] body) {
        try {
            return StixJson.parse(body);
        } catch (RuntimeException e) {
            return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
    }

    static String title(StoredObject o) {
        return title(o.id(), parse(o.body()));
    }

    /** What a person calls the object: its name, else what kind of link it is, else its id. */
    static String title(String id, JsonNode body) {
        for (String p : List.of("name", "display_name", "value", "abstract", "relationship_type")) {
            Optional<String> t = text(body, p);
            if (t.isPresent() && !t.get().isBlank()) {
                return t.get().length() > 200 ? t.get().substring(0, 200) + "…" : t.get();
            }
        }
        return id;
    }

    static Optional<String> text(JsonNode body, String property) {
        JsonNode v = body.get(property);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    static String pretty(JsonNode body) {
        return StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** A TLP as the style sheet names its badge: {@code tlp-amber-strict}. */
    public static String badge(Tlp tlp) {
        return "tlp-" + tlp.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
