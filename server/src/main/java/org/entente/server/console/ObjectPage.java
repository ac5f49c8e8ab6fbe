package org.entente.server.console;

import static org.entente.server.console.Intelligence.LEDGER_READERS;
import static org.entente.server.console.Intelligence.NOT_FOUND;
import static org.entente.server.console.Intelligence.SHOWN;
import static org.entente.server.console.Intelligence.instant;
import static org.entente.server.console.Intelligence.parse;
import static org.entente.server.console.Intelligence.pretty;
import static org.entente.server.console.Intelligence.text;
import static org.entente.server.console.Intelligence.title;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.console.Intelligence.Mention;
import org.entente.server.console.Intelligence.ObjectView;
import org.entente.server.console.Intelligence.Provenance;
import org.entente.server.console.Intelligence.Related;
import org.entente.server.console.Intelligence.Version;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.DisclosedVersion;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.SearchDao;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.stix.StixIds;
import tools.jackson.databind.JsonNode;

/**
 * One object's page (issue 11 item 3): its versions, the objects related to it that the person may
 * read too, where it came from, the ledger's entries that name it, and who may receive it.
 */
final class ObjectPage {
    private final Viewing viewing;
    private final Organisations organisations;
    private final Agreements agreements;
    private final ObjectDao objects;
    private final SearchDao search;
    private final Ledger ledger;
    private final Recipients recipients;

    ObjectPage(
            Viewing viewing,
            Organisations organisations,
            Agreements agreements,
            ObjectDao objects,
            SearchDao search,
            Ledger ledger) {
        this.viewing = Objects.requireNonNull(viewing, "viewing");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.search = Objects.requireNonNull(search, "search");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.recipients = new Recipients(viewing.policy());
    }

    ObjectView object(SignIns.Person person, String collectionId, String id) {
        NodePrincipal viewer = viewing.viewer(person);
        // an id that is no STIX id, a collection the person cannot read or that does not exist,
        // and an object they may not see: all the same 404, so that none tells another apart
        if (id.length() > 300 || collectionId.length() > 36 || StixIds.idProblem(id) != null) {
            throw ApiException.notFound(NOT_FOUND);
        }
        Collection c =
                viewing.catalog()
                        .byId(collectionId)
                        .orElseThrow(() -> ApiException.notFound(NOT_FOUND));
        ReadScope scope = viewing.scope(viewer, c);
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
        List<Intelligence.Reach> reach = recipients.of(all, c, facts);
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
                reach,
                body.path("revoked").asBoolean(false));
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
            if (e.kind().lists()) {
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
}
