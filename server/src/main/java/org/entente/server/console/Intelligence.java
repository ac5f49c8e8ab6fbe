package org.entente.server.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.DisclosedVersion;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.policy.Verdict;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchQuery;
import org.entente.server.store.SearchText;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.stix.StixIds;
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

    private final Catalog catalog;
    private final Policy policy;
    private final Administration admin;
    private final Principals principals;
    private final Organisations organisations;
    private final Agreements agreements;
    private final ObjectDao objects;
    private final SearchDao search;
    private final Ledger ledger;

    Intelligence(
            Catalog catalog,
            Policy policy,
            Administration admin,
            Principals principals,
            Organisations organisations,
            Agreements agreements,
            ObjectDao objects,
            SearchDao search,
            Ledger ledger) {
        this.catalog = catalog;
        this.policy = policy;
        this.admin = admin;
        this.principals = principals;
        this.organisations = organisations;
        this.agreements = agreements;
        this.objects = objects;
        this.search = search;
        this.ledger = ledger;
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
        NodePrincipal viewer = viewer(person);
        Map<String, Collection> readable = new HashMap<>();
        List<SearchDao.Readable> scopes = new ArrayList<>();
        List<Collection> mine = new ArrayList<>();
        for (Collection c : catalog.list()) {
            ReadScope scope = scope(viewer, c);
            if (!(scope instanceof ReadScope.Nothing)) {
                readable.put(c.id(), c);
                mine.add(c);
                scopes.add(new SearchDao.Readable(c.id(), scope.visibility()));
            }
        }
        List<Organisation> all = organisations.list();
        Map<String, String> names = new HashMap<>();
        for (Organisation o : all) {
            names.put(o.id(), o.name());
        }
        SearchQuery q = query(r, zone, readable, names);
        SearchDao.Results found = search.find(q, scopes);
        List<Row> rows = new ArrayList<>(found.items().size());
        for (SearchDao.Found f : found.items()) {
            StoredObject o = f.object();
            rows.add(
                    new Row(
                            f.collectionId(),
                            readable.get(f.collectionId()).title(),
                            o.id(),
                            o.facts().type(),
                            title(o),
                            o.facts().tlp(),
                            instant(o.dateAdded()),
                            o.facts().originOrg().map(id -> names.getOrDefault(id, id)).orElse(""),
                            o.facts().labels().stream().sorted().toList()));
        }
        mine.sort(Comparator.comparing(Collection::title).thenComparing(Collection::id));
        List<Organisation> origins =
                all.stream()
                        .filter(o -> o.kind() != OrgKind.LOCAL)
                        .sorted(Comparator.comparing(Organisation::name))
                        .toList();
        return new Listing(
                rows,
                found.next().map(SearchQuery.Cursor::token),
                q.text().isPresent(),
                new Choices(mine, origins, List.of(Tlp.values())));
    }

    /** The request as a query, or a 400 saying which field is wrong and how. */
    private static SearchQuery query(
            Request r, ZoneId zone, Map<String, Collection> readable, Map<String, String> orgs) {
        Optional<SearchText.Query> text = Optional.empty();
        if (r.text().isPresent() && !r.text().get().isBlank()) {
            try {
                text = Optional.of(SearchText.Query.parse(r.text().get()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("search: " + e.getMessage());
            }
        }
        Set<String> collections = Set.of();
        if (r.collection().isPresent()) {
            // one the person may not read is no collection for them, as one that does not exist
            if (!readable.containsKey(r.collection().get())) {
                throw ApiException.invalid("collection: there is no such collection for you");
            }
            collections = Set.of(r.collection().get());
        }
        Set<String> types = Set.of();
        if (r.type().isPresent()) {
            String t = r.type().get();
            String problem = t.length() > MAX_FILTER ? "too long" : StixIds.typeProblem(t);
            if (problem != null) {
                throw ApiException.invalid(
                        "type: '" + shorten(t) + "' is not a STIX type: " + problem);
            }
            types = Set.of(t);
        }
        Optional<Tlp> tlp = Optional.empty();
        if (r.tlp().isPresent()) {
            try {
                tlp = Optional.of(Tlp.valueOf(r.tlp().get()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(
                        "tlp: '"
                                + shorten(r.tlp().get())
                                + "' is not one of "
                                + List.of(Tlp.values()));
            }
        }
        if (r.label().isPresent() && r.label().get().length() > MAX_FILTER) {
            throw ApiException.invalid(
                    "label: " + r.label().get().length() + " characters; at most " + MAX_FILTER);
        }
        Optional<String> origin = Optional.empty();
        if (r.origin().isPresent()) {
            String o = r.origin().get();
            if (o.equals("ours")) {
                origin = Optional.of(SearchQuery.OURS);
            } else if (orgs.containsKey(o)) {
                origin = Optional.of(o);
            } else {
                throw ApiException.invalid("origin: there is no organisation '" + shorten(o) + "'");
            }
        }
        OptionalLong from =
                r.from()
                        .map(d -> OptionalLong.of(day(d, "from", zone, 0)))
                        .orElse(OptionalLong.empty());
        OptionalLong before =
                r.to().map(d -> OptionalLong.of(day(d, "to", zone, 1)))
                        .orElse(OptionalLong.empty());
        if (from.isPresent() && before.isPresent() && from.getAsLong() >= before.getAsLong()) {
            throw ApiException.invalid("from: the first day is after the last (to)");
        }
        Optional<SearchQuery.Cursor> after = Optional.empty();
        if (r.after().isPresent()) {
            try {
                after = Optional.of(SearchQuery.Cursor.parse(r.after().get()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(
                        "after: '" + shorten(r.after().get()) + "' is not a page of this list");
            }
            if (after.get().text() != text.isPresent()) {
                throw ApiException.invalid(
                        "after: '" + shorten(r.after().get()) + "' is not a page of this list");
            }
        }
        return new SearchQuery(
                text,
                collections,
                types,
                tlp,
                r.label().map(String::trim),
                origin,
                from,
                before,
                after,
                PAGE);
    }

    /** The start of a day in the person's zone (or of the day after), in microseconds. */
    private static long day(String text, String field, ZoneId zone, int plusDays) {
        try {
            if (text.length() != 10) {
                throw new DateTimeException("not yyyy-mm-dd");
            }
            Instant t = LocalDate.parse(text).plusDays(plusDays).atStartOfDay(zone).toInstant();
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        } catch (DateTimeException e) {
            throw ApiException.invalid(
                    field + ": '" + shorten(text) + "' is not a date of the form 2026-01-31");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
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
            List<Reach> reach) {
        public String badge() {
            return Intelligence.badge(tlp);
        }
    }

    ObjectView object(SignIns.Person person, String collectionId, String id) {
        NodePrincipal viewer = viewer(person);
        // an id that is no STIX id, a collection the person cannot read or that does not exist,
        // and an object they may not see: all the same 404, so that none tells another apart
        if (id.length() > 300 || collectionId.length() > 36 || StixIds.idProblem(id) != null) {
            throw ApiException.notFound(NOT_FOUND);
        }
        Collection c =
                catalog.byId(collectionId).orElseThrow(() -> ApiException.notFound(NOT_FOUND));
        ReadScope scope = scope(viewer, c);
        if (scope instanceof ReadScope.Nothing) {
            throw ApiException.notFound(NOT_FOUND);
        }
        List<StoredObject> latest =
                objects.objects(
                                ObjectQuery.object(c.id(), id, VersionFilter.LAST),
                                scope.visibility())
                        .items();
        if (latest.isEmpty()) {
            throw ApiException.notFound(NOT_FOUND);
        }
        // where the id is held in two lineages (one kept apart), the one that is not kept apart
        StoredObject head =
                latest.stream()
                        .filter(o -> !o.facts().shadowed())
                        .reduce((a, b) -> b)
                        .orElse(latest.get(latest.size() - 1));
        Map<String, String> names = new HashMap<>();
        List<Organisation> all = organisations.list();
        for (Organisation o : all) {
            names.put(o.id(), o.name());
        }
        List<Version> versions = new ArrayList<>();
        for (StoredObject v :
                objects.objects(
                                ObjectQuery.object(c.id(), id, VersionFilter.ALL),
                                scope.visibility())
                        .items()) {
            versions.add(
                    new Version(
                            v.version(),
                            instant(v.dateAdded()),
                            v.facts().tlp(),
                            v.facts().originOrg().map(o -> names.getOrDefault(o, o)).orElse(""),
                            v.facts().shadowed()));
        }
        JsonNode body = parse(head.body());
        ObjectFacts facts = head.facts();
        Optional<List<Mention>> mentions = Optional.empty();
        if (viewer.roles().stream().anyMatch(LEDGER_READERS::contains)) {
            mentions = Optional.of(mentions(id, versions, names));
        }
        List<Reach> reach = new ArrayList<>();
        for (Organisation o : all) {
            if (o.kind() == OrgKind.LOCAL) {
                continue;
            }
            Verdict v = policy.verdict(o, c, facts);
            String why = "";
            if (v instanceof Verdict.Shared s) {
                why = s.clause().describe();
            } else if (v instanceof Verdict.Withheld w) {
                why = w.why();
            }
            reach.add(new Reach(o.name(), o.kind(), v.goes(), v instanceof Verdict.Returned, why));
        }
        reach.sort(Comparator.comparing(Reach::kind).thenComparing(Reach::organisation));
        return new ObjectView(
                c,
                id,
                facts.type(),
                title(head.id(), body),
                facts.tlp(),
                facts.ownTlp().isEmpty(),
                text(body, "description"),
                text(body, "pattern"),
                facts.labels().stream().sorted().toList(),
                pretty(body),
                versions,
                related(c, id, body, scope),
                provenance(facts, names),
                mentions,
                reach);
    }

    private List<Mention> mentions(String id, List<Version> versions, Map<String, String> names) {
        // nothing names a version before it was stored; an hour's leeway for the clocks of the
        // transactions that record a receipt
        long since =
                versions.stream()
                                .map(Version::added)
                                .min(Comparator.naturalOrder())
                                .map(Intelligence::micros)
                                .orElse(0L)
                        - 3_600_000_000L;
        List<Mention> out = new ArrayList<>();
        for (LedgerEntry e : ledger.naming(id, Math.max(0, since), SHOWN)) {
            List<String> named = new ArrayList<>();
            if (e.kind() == LedgerEntry.Kind.DISCLOSED_PAGE) {
                for (DisclosedVersion v : e.draft().listed()) {
                    if (v.objectId().equals(id)) {
                        named.add(v.version());
                    }
                }
            } else {
                e.draft().objectVersion().ifPresent(named::add);
            }
            out.add(
                    new Mention(
                            e.seq(),
                            instant(e.at()),
                            e.kind(),
                            names.getOrDefault(e.orgId(), e.orgId()),
                            e.draft().rule(),
                            named));
        }
        return out;
    }

    private Provenance provenance(ObjectFacts facts, Map<String, String> names) {
        if (facts.origin().isEmpty()) {
            return new Provenance(Optional.empty(), Optional.empty(), Optional.empty());
        }
        ObjectFacts.Source s = facts.origin().get();
        String agreement =
                agreements.find(s.agreement()).map(Agreement::title).orElse(s.agreement());
        return new Provenance(
                Optional.of(names.getOrDefault(s.org(), s.org())),
                Optional.of(agreement),
                Optional.of(s.area()));
    }

    /**
     * The objects of the collection related to this one that the person may read: the ends of the
     * relationships that name it and its sightings, and for a relationship its own two ends.
     */
    private List<Related> related(Collection c, String id, JsonNode body, ReadScope scope) {
        record Link(String relation, boolean outgoing, String other) {}
        List<Link> links = new ArrayList<>();
        String type = StixIds.typeOf(id);
        if (type.equals("relationship")) {
            String kind = text(body, "relationship_type").orElse("related-to");
            text(body, "source_ref").ifPresent(s -> links.add(new Link(kind, false, s)));
            text(body, "target_ref").ifPresent(t -> links.add(new Link(kind, true, t)));
        }
        for (StoredObject r : search.pointingAt(c.id(), id, scope.visibility(), SHOWN)) {
            JsonNode rb = parse(r.body());
            if (r.facts().type().equals("sighting")) {
                links.add(new Link("sighting", false, r.id()));
                continue;
            }
            String kind = text(rb, "relationship_type").orElse("related-to");
            Optional<String> source = text(rb, "source_ref");
            Optional<String> target = text(rb, "target_ref");
            if (source.isPresent() && source.get().equals(id) && target.isPresent()) {
                links.add(new Link(kind, true, target.get()));
            } else if (target.isPresent() && target.get().equals(id) && source.isPresent()) {
                links.add(new Link(kind, false, source.get()));
            }
        }
        Set<String> others = new LinkedHashSet<>();
        for (Link l : links) {
            if (StixIds.idProblem(l.other()) == null) {
                others.add(l.other());
            }
        }
        if (others.isEmpty()) {
            return List.of();
        }
        // the other ends are read within the person's visibility too: one they may not read is
        // left out, relationship and all
        Map<String, StoredObject> seen = new HashMap<>();
        for (StoredObject o :
                objects.objects(
                                ObjectQuery.object(c.id(), id, VersionFilter.LAST).ids(others),
                                scope.visibility())
                        .items()) {
            seen.putIfAbsent(o.id(), o);
        }
        List<Related> out = new ArrayList<>();
        for (Link l : links) {
            StoredObject o = seen.get(l.other());
            if (o != null) {
                out.add(
                        new Related(
                                l.relation(),
                                l.outgoing(),
                                c.id(),
                                o.id(),
                                o.facts().type(),
                                title(o),
                                o.facts().tlp()));
            }
        }
        return out;
    }

    // ---- helpers

    private NodePrincipal viewer(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        admin.require(viewer, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        return viewer;
    }

    /**
     * The person's scope in a collection, as TAXII gives it. The console's people are the local
     * agency's: a scope shared by agreement would be another organisation's read, which goes
     * through {@link org.entente.server.policy.Disclosures} and its ledger, never through these
     * pages.
     */
    private ReadScope scope(NodePrincipal viewer, Collection c) {
        ReadScope scope = policy.read(viewer, c);
        if (scope instanceof ReadScope.Shared) {
            throw ApiException.forbidden("only the local agency's people use the console");
        }
        return scope;
    }

    private static JsonNode parse(byte[] body) {
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

    private static Optional<String> text(JsonNode body, String property) {
        JsonNode v = body.get(property);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    private static String pretty(JsonNode body) {
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
