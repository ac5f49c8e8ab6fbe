package org.entente.server.console;

import static org.entente.server.console.Intelligence.MAX_FILTER;
import static org.entente.server.console.Intelligence.PAGE;
import static org.entente.server.console.Intelligence.instant;
import static org.entente.server.console.Intelligence.title;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchQuery;
import org.entente.server.store.SearchText;
import org.entente.server.store.StoredObject;
import org.entente.stix.StixIds;
import org.entente.stix.Tlp;

/**
 * The intelligence list and its search (issue 11 item 3): the objects a person may read across the
 * collections, each collection read within the visibility {@link Policy#read} gives them.
 */
final class IntelligenceSearch {
    private final Viewing viewing;
    private final Organisations organisations;
    private final SearchDao search;

    IntelligenceSearch(Viewing viewing, Organisations organisations, SearchDao search) {
        this.viewing = Objects.requireNonNull(viewing, "viewing");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.search = Objects.requireNonNull(search, "search");
    }

    Intelligence.Listing list(SignIns.Person person, Intelligence.Request r, ZoneId zone) {
        NodePrincipal viewer = viewing.viewer(person);
        Map<String, Collection> readable = new HashMap<>();
        List<SearchDao.Readable> scopes = new ArrayList<>();
        List<Collection> mine = new ArrayList<>();
        for (Collection c : viewing.catalog().list()) {
            ReadScope scope = viewing.scope(viewer, c);
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
        List<Intelligence.Row> rows = new ArrayList<>(found.items().size());
        for (SearchDao.Found f : found.items()) {
            StoredObject o = f.object();
            rows.add(
                    new Intelligence.Row(
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
        return new Intelligence.Listing(
                rows,
                found.next().map(SearchQuery.Cursor::token),
                q.text().isPresent(),
                new Intelligence.Choices(mine, origins, List.of(Tlp.values())));
    }

    /** The request as a query, or a 400 saying which field is wrong and how. */
    static SearchQuery query(
            Intelligence.Request r,
            ZoneId zone,
            Map<String, Collection> readable,
            Map<String, String> orgs) {
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
}
