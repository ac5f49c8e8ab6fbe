package org.entente.server.org;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;

/**
 * The use cases of organisations: record a partner or a constituent, change its details, list them.
 * The REST API, the command line and the web console all come here, so the rules are written once;
 * each change is one transaction, timed by the node's clock.
 */
public final class Organisations {
    /** What a caller gives to record an organisation or change one. */
    public record Details(
            String name, Optional<String> country, List<String> sectors, Optional<String> contact) {
        public Details {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(contact, "contact");
            country = country.map(c -> c.trim().toUpperCase(Locale.ROOT));
            sectors = List.copyOf(sectors);
        }
    }

    private final Database db;
    private final OrganisationDao organisations;
    private final Clock clock;

    public Organisations(Database db, OrganisationDao organisations, Clock clock) {
        this.db = db;
        this.organisations = organisations;
        this.clock = clock;
    }

    /** Records a partner agency or a constituent; the local agency is made by the node's setup. */
    public Organisation create(OrgKind kind, Details details) {
        if (kind == OrgKind.LOCAL) {
            throw ApiException.invalid(
                    "the local agency exists already (ENTENTE_ORGANISATION names it): record"
                            + " partners and constituents");
        }
        Organisation o = valid(() -> build(kind, details));
        return db.inTransaction(
                () -> {
                    unique(o.name(), Optional.empty());
                    organisations.insert(o);
                    return o;
                });
    }

    /** The local agency, recorded from the node's settings when the node is first set up. */
    public Organisation ensureLocal(Details details) {
        return db.inTransaction(
                () ->
                        organisations
                                .local()
                                .orElseGet(
                                        () -> {
                                            Organisation o =
                                                    valid(() -> build(OrgKind.LOCAL, details));
                                            unique(o.name(), Optional.empty());
                                            organisations.insert(o);
                                            return o;
                                        }));
    }

    /** Replaces an organisation's details; its kind, id and STIX identity stay. */
    public Organisation update(String idOrName, Details details) {
        return db.inTransaction(
                () -> {
                    Organisation before = require(idOrName);
                    Organisation after =
                            valid(
                                    () ->
                                            new Organisation(
                                                    before.id(),
                                                    before.kind(),
                                                    details.name(),
                                                    details.country(),
                                                    details.sectors(),
                                                    details.contact(),
                                                    before.identityId(),
                                                    before.created()));
                    unique(after.name(), Optional.of(before.id()));
                    organisations.update(after);
                    return after;
                });
    }

    public List<Organisation> list() {
        return organisations.list();
    }

    /** By id or exact name. */
    public Optional<Organisation> find(String idOrName) {
        return organisations.find(idOrName);
    }

    /** By id or exact name; 404 when there is none. */
    public Organisation require(String idOrName) {
        return find(idOrName)
                .orElseThrow(
                        () -> ApiException.notFound("there is no organisation '" + idOrName + "'"));
    }

    /** The local agency, which the node's setup records before anything else runs. */
    public Organisation local() {
        return organisations
                .local()
                .orElseThrow(() -> new IllegalStateException("the node has no local agency"));
    }

    private Organisation build(OrgKind kind, Details d) {
        return Organisation.create(
                kind, d.name(), d.country(), d.sectors(), d.contact(), clock.instant());
    }

    private void unique(String name, Optional<String> except) {
        Optional<Organisation> same = organisations.find(name);
        if (same.isPresent() && !except.equals(Optional.of(same.get().id()))) {
            throw ApiException.conflict("an organisation named '" + name + "' exists already");
        }
    }

    /** An organisation's own checks (name, country, sectors) answered as bad input. */
    private static Organisation valid(Supplier<Organisation> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }
}
