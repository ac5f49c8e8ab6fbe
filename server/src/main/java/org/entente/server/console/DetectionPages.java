package org.entente.server.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.pattern.Match;
import org.entente.pattern.MatchedObservation;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.detection.Detection;
import org.entente.server.detection.Reach;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchQuery;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixIds;
import org.entente.stix.StixParseException;
import tools.jackson.databind.JsonNode;

/**
 * The detection page's reads and its one action (issue 11 item 7): a log file matched against the
 * node's indicators, as {@code POST /api/v1/detection/events} matches a batch (admins and analysts;
 * the matches told are those of collections the person may read, the sightings counted those of
 * collections they may write: {@link Reach}); and the sightings partners sent back of our
 * indicators, read as the person's TAXII reads would read them ({@link Viewing#scope}).
 */
final class DetectionPages {
    /** The largest log file taken, the REST API's largest batch. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    /** The most matches and sightings a page shows. */
    static final int SHOWN = 100;

    static final Set<Role> UPLOADERS = Set.of(Role.ADMIN, Role.ANALYST);

    private final Detection detection;
    private final Viewing viewing;
    private final Organisations organisations;
    private final ObjectDao objects;
    private final SearchDao search;

    DetectionPages(
            Detection detection,
            Viewing viewing,
            Organisations organisations,
            ObjectDao objects,
            SearchDao search) {
        this.detection = Objects.requireNonNull(detection, "detection");
        this.viewing = Objects.requireNonNull(viewing, "viewing");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.search = Objects.requireNonNull(search, "search");
    }

    /** What a log file found. */
    record Outcome(
            String filename,
            long events,
            long unmapped,
            int indicators,
            long leftOut,
            boolean compiling,
            int matched,
            List<Found> matches) {
        Outcome {
            matches = List.copyOf(matches);
        }
    }

    /**
     * One indicator that matched, with the lines of the file that did (the first ones).
     *
     * @param object where the person reads it, if they do in a collection of this node
     */
    record Found(
            String indicatorId,
            Optional<Place> object,
            List<Long> lines,
            long moreLines,
            Instant first,
            Instant last) {}

    /** An object the person may read, in a collection: for its title and a link to its page. */
    record Place(String collectionId, String title) {}

    /** A sighting a partner sent of one of our indicators. */
    record Sighting(
            String id,
            String collectionId,
            String partner,
            Place indicator,
            String indicatorId,
            Optional<Long> count,
            Optional<String> firstSeen,
            Optional<String> lastSeen,
            Instant added) {}

    static boolean mayUpload(SignIns.Person person) {
        return person.roles().stream().anyMatch(UPLOADERS::contains);
    }

    boolean enabled() {
        return detection.settings().enabled();
    }

    /** Matches a log file of JSON lines; nothing is counted when it cannot be read whole. */
    Outcome match(SignIns.Person person, FormUpload.File file) {
        NodePrincipal p = viewing.viewer(person);
        viewing.admin().require(p, UPLOADERS.toArray(Role[]::new));
        if (!enabled()) {
            throw ApiException.notFound(
                    "detection is off on this node (entente.detection.enabled=false)");
        }
        List<JsonNode> events = new ArrayList<>();
        try (ObjectStream stream = ObjectStream.open(file.content())) {
            while (stream.hasNext()) {
                JsonNode event = stream.next();
                if (!event.isObject()) {
                    throw ApiException.invalid(
                            "event " + (events.size() + 1) + " is not a JSON object");
                }
                events.add(event);
            }
        } catch (StixParseException e) {
            throw ApiException.invalid("the events cannot be read: " + e.getMessage());
        }
        if (events.isEmpty()) {
            throw ApiException.invalid("no events: the file holds JSON lines, one event a line");
        }
        Detection.Result r =
                detection.match(events, Reach.of(p, viewing.catalog(), viewing.policy()));
        List<Found> found = new ArrayList<>();
        for (Match m : r.matches()) {
            if (found.size() == SHOWN) {
                break;
            }
            List<Long> lines = new ArrayList<>();
            for (MatchedObservation o : m.observations()) {
                if (lines.size() < 20) {
                    lines.add(o.seq() - r.firstSeq() + 1);
                }
            }
            found.add(
                    new Found(
                            m.indicatorId(),
                            place(p, m.indicatorId(), false),
                            lines,
                            m.observations().size() - lines.size(),
                            m.first(),
                            m.last()));
        }
        return new Outcome(
                file.filename(),
                r.events(),
                r.unmapped(),
                r.indicators(),
                r.leftOut(),
                r.compiling(),
                r.matches().size(),
                found);
    }

    /**
     * The newest sightings partner organisations sent us of indicators of ours, at most {@link
     * #SHOWN}: of each partner, its newest sightings in every collection the person reads, within
     * the visibility TAXII gives them there; a sighting shows when its indicator is ours and the
     * person reads it too.
     */
    List<Sighting> sightings(SignIns.Person person) {
        NodePrincipal viewer = viewing.viewer(person);
        List<SearchDao.Readable> scopes = new ArrayList<>();
        for (Collection c : viewing.catalog().list()) {
            ReadScope scope = viewing.scope(viewer, c);
            if (!(scope instanceof ReadScope.Nothing)) {
                scopes.add(new SearchDao.Readable(c.id(), scope.visibility()));
            }
        }
        List<SearchDao.Found> all = new ArrayList<>();
        List<Organisation> partners =
                organisations.list().stream().filter(o -> o.kind() != OrgKind.LOCAL).toList();
        for (Organisation o : partners) {
            all.addAll(
                    search.find(
                                    new SearchQuery(
                                            Optional.empty(),
                                            Set.of(),
                                            Set.of("sighting"),
                                            Optional.empty(),
                                            Optional.empty(),
                                            Optional.of(o.id()),
                                            java.util.OptionalLong.empty(),
                                            java.util.OptionalLong.empty(),
                                            Optional.empty(),
                                            SHOWN),
                                    scopes)
                            .items());
        }
        all.sort(
                Comparator.comparingLong((SearchDao.Found f) -> f.object().dateAdded()).reversed());
        List<Sighting> out = new ArrayList<>();
        for (SearchDao.Found f : all) {
            if (out.size() == SHOWN) {
                break;
            }
            StoredObject s = f.object();
            JsonNode body = Intelligence.parse(s.body());
            Optional<String> ref = Intelligence.text(body, "sighting_of_ref");
            if (ref.isEmpty() || !ref.get().startsWith("indicator--")) {
                continue;
            }
            Optional<Place> indicator = place(viewer, ref.get(), true);
            if (indicator.isEmpty()) {
                continue;
            }
            String partner =
                    partners.stream()
                            .filter(o -> s.facts().originOrg().orElse("").equals(o.id()))
                            .map(Organisation::name)
                            .findFirst()
                            .orElse("");
            JsonNode count = body.get("count");
            out.add(
                    new Sighting(
                            s.id(),
                            f.collectionId(),
                            partner,
                            indicator.get(),
                            ref.get(),
                            count != null && count.isIntegralNumber()
                                    ? Optional.of(count.longValue())
                                    : Optional.empty(),
                            Intelligence.text(body, "first_seen"),
                            Intelligence.text(body, "last_seen"),
                            Intelligence.instant(s.dateAdded())));
        }
        return out;
    }

    /**
     * Where the person reads an object, its latest version, if anywhere; with {@code oursOnly},
     * only an object of our own (no origin).
     */
    private Optional<Place> place(NodePrincipal viewer, String id, boolean oursOnly) {
        if (StixIds.idProblem(id) != null) {
            return Optional.empty();
        }
        for (Collection c : viewing.catalog().list()) {
            ReadScope scope = viewing.scope(viewer, c);
            if (scope instanceof ReadScope.Nothing) {
                continue;
            }
            List<StoredObject> latest =
                    objects.objects(
                                    ObjectQuery.object(c.id(), id, VersionFilter.LAST),
                                    scope.visibility())
                            .items();
            for (StoredObject o : latest) {
                if (!oursOnly || o.facts().originOrg().isEmpty()) {
                    return Optional.of(new Place(c.id(), Intelligence.title(o)));
                }
            }
        }
        return Optional.empty();
    }
}
