package org.entente.server.console;

import static org.entente.server.console.Intelligence.NOT_FOUND;
import static org.entente.server.console.Intelligence.instant;
import static org.entente.server.console.Intelligence.text;
import static org.entente.server.console.Intelligence.title;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Outgoing;
import org.entente.server.store.Page;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchQuery;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The constituent portal (issue 11 item 9): the advisories (reports and notes) and indicators a
 * constituent's subscription opens, one of them, and blocklists of the indicators it may act on.
 *
 * <p>Every read takes, per collection, the {@link ReadScope.Shared} that {@link Policy#read} gives
 * the person's principal, the one its TAXII reads take: the list searches within that scope's
 * visibility, and the object page and the blocklists read through {@link Disclosures}, as a TAXII
 * read of objects does, so what they carry is recorded in the ledger and anonymised where the area
 * says so. Nothing here is a query of its own that could disagree with TAXII.
 */
final class Portal {
    /** What the portal shows of what the subscription opens: advisories and indicators. */
    static final List<String> TYPES = List.of("indicator", "report", "note");

    /** The TLPs a constituent may act on (block with): RED never reaches it anyway. */
    static final Set<Tlp> ACTIONABLE = Set.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT);

    /** A page of a blocklist's read. */
    static final int BATCH = 1000;

    private final Viewing viewing;
    private final SearchDao search;
    private final Disclosures disclosures;
    private final Clock clock;

    Portal(Viewing viewing, SearchDao search, Disclosures disclosures, Clock clock) {
        this.viewing = Objects.requireNonNull(viewing, "viewing");
        this.search = Objects.requireNonNull(search, "search");
        this.disclosures = Objects.requireNonNull(disclosures, "disclosures");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A collection the reader may read, with the scope its TAXII reads take. */
    record Open(Collection collection, ReadScope.Shared scope) {}

    /** The constituent's principal and what it may read now. */
    record Reader(NodePrincipal principal, List<Open> open) {
        Reader {
            open = List.copyOf(open);
        }

        Optional<Open> find(String collectionId) {
            return open.stream().filter(o -> o.collection().id().equals(collectionId)).findFirst();
        }
    }

    Reader reader(SignIns.Person person) {
        NodePrincipal p = viewing.principals().require(person.principalId());
        // the sign-in let only a constituent's person this far; asked again from the principal as
        // it is now, and the policy tells whether its organisation is another than ours
        if (p.disabled() || !p.roles().equals(SignIns.PORTAL)) {
            throw ApiException.forbidden("the portal is for constituents' people");
        }
        List<Open> open = new ArrayList<>();
        for (Collection c : viewing.catalog().list()) {
            ReadScope scope = viewing.policy().read(p, c);
            if (scope instanceof ReadScope.Shared shared) {
                open.add(new Open(c, shared));
            } else if (!(scope instanceof ReadScope.Nothing)) {
                // a constituent's role on a principal of the local agency: no constituent's read
                throw ApiException.forbidden("the portal is for constituents' people");
            }
        }
        open.sort(
                Comparator.comparing((Open o) -> o.collection().title())
                        .thenComparing(o -> o.collection().id()));
        return new Reader(p, open);
    }

    /** A page of the list, and the collections to choose from. */
    public record Listing(
            List<Intelligence.Row> rows,
            Optional<String> next,
            List<Collection> collections,
            List<String> types,
            List<Tlp> tlps) {
        public Listing {
            rows = List.copyOf(rows);
            Objects.requireNonNull(next, "next");
            collections = List.copyOf(collections);
            types = List.copyOf(types);
            tlps = List.copyOf(tlps);
        }
    }

    /**
     * The latest versions of the advisories and indicators the reader receives, newest first,
     * filtered as asked (words, collection, type, TLP, days). Labels and origins are no filters
     * here: whom an object came from is not the constituent's to know.
     */
    Listing list(SignIns.Person person, Intelligence.Request asked, ZoneId zone) {
        Reader reader = reader(person);
        if (asked.type().isPresent() && !TYPES.contains(asked.type().get())) {
            throw ApiException.invalid("type: the portal shows " + String.join(", ", TYPES));
        }
        Intelligence.Request r =
                new Intelligence.Request(
                        asked.text(),
                        asked.collection(),
                        asked.type(),
                        asked.tlp(),
                        Optional.empty(),
                        Optional.empty(),
                        asked.from(),
                        asked.to(),
                        asked.after());
        Map<String, Collection> readable = new HashMap<>();
        List<SearchDao.Readable> scopes = new ArrayList<>();
        for (Open o : reader.open()) {
            readable.put(o.collection().id(), o.collection());
            scopes.add(new SearchDao.Readable(o.collection().id(), o.scope().visibility()));
        }
        SearchQuery q = IntelligenceSearch.query(r, zone, readable, Map.of());
        q =
                new SearchQuery(
                        q.text(),
                        q.collections(),
                        q.types().isEmpty() ? Set.copyOf(TYPES) : q.types(),
                        q.tlp(),
                        Optional.empty(),
                        Optional.empty(),
                        q.addedFrom(),
                        q.addedBefore(),
                        q.after(),
                        q.limit());
        SearchDao.Results found = search.find(q, scopes);
        // the search finds and orders; what the page shows is read again through Disclosures, as
        // a TAXII read of those ids would be: recorded in the ledger, anonymised where the area
        // says so, and only what that read returns is shown
        Map<String, List<String>> ids = new HashMap<>();
        for (SearchDao.Found f : found.items()) {
            ids.computeIfAbsent(f.collectionId(), k -> new ArrayList<>()).add(f.object().id());
        }
        Map<String, Outgoing> read = new HashMap<>();
        for (Open o : reader.open()) {
            List<String> wanted = ids.get(o.collection().id());
            if (wanted == null) {
                continue;
            }
            Page<Outgoing> page =
                    disclosures.disclose(
                            reader.principal(),
                            o.scope(),
                            ObjectQuery.all(o.collection().id(), wanted.size())
                                    .ids(Set.copyOf(wanted))
                                    .versions(VersionFilter.LAST));
            for (Outgoing out : page.items()) {
                read.put(o.collection().id() + "/" + out.id(), out);
            }
        }
        List<Intelligence.Row> rows = new ArrayList<>(found.items().size());
        for (SearchDao.Found f : found.items()) {
            StoredObject o = f.object();
            Outgoing out = read.get(f.collectionId() + "/" + o.id());
            if (out == null) {
                continue; // changed between the two reads: shown at the next
            }
            JsonNode body = Intelligence.parse(out.body());
            rows.add(
                    new Intelligence.Row(
                            f.collectionId(),
                            readable.get(f.collectionId()).title(),
                            out.id(),
                            out.type(),
                            title(out.id(), body),
                            out.tlp(),
                            instant(out.dateAdded()),
                            "",
                            labels(body)));
        }
        return new Listing(
                rows,
                found.next().map(SearchQuery.Cursor::token),
                reader.open().stream().map(Open::collection).toList(),
                TYPES,
                List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT));
    }

    /** What the object page shows. */
    public record Shown(
            Collection collection,
            String id,
            String type,
            String title,
            Tlp tlp,
            Optional<String> description,
            Optional<String> pattern,
            List<String> labels,
            Optional<Instant> validFrom,
            Optional<Instant> validUntil,
            boolean revoked,
            boolean expired,
            List<String> refs,
            String json) {
        public Shown {
            labels = List.copyOf(labels);
            refs = List.copyOf(refs);
        }

        public String badge() {
            return Intelligence.badge(tlp);
        }
    }

    /**
     * One advisory or indicator as the reader receives it: read through {@link Disclosures} like a
     * TAXII get of the object (recorded, anonymised where the area says so). Another collection's,
     * one withheld from the reader, one of another type and an unknown id all answer the same 404.
     */
    Shown object(SignIns.Person person, String collectionId, String id) {
        Reader reader = reader(person);
        Open open = reader.find(collectionId).orElseThrow(() -> ApiException.notFound(NOT_FOUND));
        if (id.length() > 300) {
            throw ApiException.notFound(NOT_FOUND);
        }
        Page<Outgoing> page =
                disclosures.disclose(
                        reader.principal(),
                        open.scope(),
                        ObjectQuery.object(collectionId, id, VersionFilter.LAST)
                                .types(Set.copyOf(TYPES)));
        if (page.items().isEmpty()) {
            throw ApiException.notFound(NOT_FOUND);
        }
        Outgoing o = page.items().get(0);
        JsonNode body = Intelligence.parse(o.body());
        Optional<Instant> until = time(body, "valid_until");
        List<String> refs = new ArrayList<>();
        JsonNode r = body.get("object_refs");
        if (r != null && r.isArray()) {
            for (JsonNode ref : r) {
                if (ref.isString()) {
                    refs.add(ref.stringValue());
                }
            }
        }
        Optional<String> description = text(body, "description");
        if (description.isEmpty()) {
            description = text(body, "content"); // a note's text
        }
        return new Shown(
                open.collection(),
                o.id(),
                o.type(),
                title(o.id(), body),
                o.tlp(),
                description,
                text(body, "pattern"),
                labels(body),
                time(body, "valid_from"),
                until,
                revoked(body),
                until.isPresent() && !until.get().isAfter(clock.instant()),
                refs,
                Intelligence.pretty(body));
    }

    /**
     * The indicators the reader may act on, as blocklist entries: every indicator its TAXII read
     * gives (read through {@link Disclosures}, so recorded like one), less the revoked, the expired
     * ({@code valid_until} passed by the node's clock) and those of a TLP it may not act on.
     */
    Blocklist blocklist(SignIns.Person person) {
        Reader reader = reader(person);
        Instant now = clock.instant();
        Blocklist.Builder out = new Blocklist.Builder(now);
        for (Open open : reader.open()) {
            ObjectQuery q =
                    ObjectQuery.all(open.collection().id(), BATCH)
                            .types(Set.of("indicator"))
                            .versions(VersionFilter.LAST);
            while (true) {
                Page<Outgoing> page = disclosures.disclose(reader.principal(), open.scope(), q);
                for (Outgoing o : page.items()) {
                    out.add(open.collection(), o, Intelligence.parse(o.body()));
                }
                if (!page.more() || page.items().isEmpty()) {
                    break;
                }
                q = q.after(page.last());
            }
        }
        return out.build();
    }

    /** The object's labels as it was read, sorted. */
    static List<String> labels(JsonNode body) {
        List<String> labels = new ArrayList<>();
        JsonNode l = body.get("labels");
        if (l != null && l.isArray()) {
            for (JsonNode label : l) {
                if (label.isString()) {
                    labels.add(label.stringValue());
                }
            }
        }
        labels.sort(Comparator.naturalOrder());
        return labels;
    }

    static boolean revoked(JsonNode body) {
        JsonNode r = body.get("revoked");
        return r != null && r.isBoolean() && r.booleanValue();
    }

    static Optional<Instant> time(JsonNode body, String property) {
        try {
            return text(body, property).map(Instant::parse);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The sorted, distinct values of one kind. */
    static List<String> values(Blocklist list, BlockEntry.Kind kind) {
        TreeSet<String> out = new TreeSet<>();
        for (Blocklist.Line line : list.lines()) {
            if (line.entry().kind() == kind) {
                out.add(line.entry().value());
            }
        }
        return List.copyOf(out);
    }
}
