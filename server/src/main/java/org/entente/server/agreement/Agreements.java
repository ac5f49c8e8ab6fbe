package org.entente.server.agreement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Area;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;

/**
 * The use cases of agreements: record one, amend it, and move it through its lifecycle. Every
 * change is kept in the agreement's history and reported to the listener (the ledger) in the same
 * transaction; a change takes effect on the next request, on every node behind the database: the
 * database moves the generation of the agreement tables with it, which the policy asks at every
 * request (docs/adr/0016).
 */
public final class Agreements {
    /** Told of every change, inside its transaction (the disclosure ledger records it). */
    public interface Listener {
        void changed(Agreement before, Agreement after, NodePrincipal by, String change, long at);

        Listener NONE = (before, after, by, change, at) -> {};
    }

    /** What a caller gives to record an agreement (parties by id or name). */
    public record Draft(
            AgreementKind kind,
            String title,
            Optional<LocalDate> signedOn,
            Instant effectiveFrom,
            Optional<Instant> expiresAt,
            Optional<String> textRef,
            List<String> parties,
            List<AreaRules> areas) {}

    private final Database db;
    private final AgreementDao agreements;
    private final OrganisationDao organisations;
    private final Clock clock;
    private volatile Listener listener = Listener.NONE;

    public Agreements(
            Database db, AgreementDao agreements, OrganisationDao organisations, Clock clock) {
        this.db = db;
        this.agreements = agreements;
        this.organisations = organisations;
        this.clock = clock;
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    public Agreement create(Draft draft, boolean activate, NodePrincipal by) {
        Agreement a =
                build(
                        UUID.randomUUID().toString(),
                        draft,
                        activate ? AgreementStatus.ACTIVE : AgreementStatus.DRAFT);
        return db.inTransaction(
                () -> {
                    long now = now();
                    agreements.save(a, now);
                    agreements.appendHistory(
                            a.id(),
                            now,
                            Optional.of(by.id()),
                            "created",
                            Optional.empty(),
                            a.status(),
                            Optional.empty());
                    listener.changed(null, a, by, "created", now);
                    return a;
                });
    }

    /** Replaces the terms of an agreement that is not terminated; its status stays. */
    public Agreement amend(String id, Draft draft, NodePrincipal by) {
        return db.inTransaction(
                () -> {
                    Agreement before = require(id);
                    Agreement after = amended(before, draft);
                    long now = now();
                    agreements.save(after, now);
                    agreements.appendHistory(
                            id,
                            now,
                            Optional.of(by.id()),
                            "amended",
                            Optional.of(before.status()),
                            after.status(),
                            Optional.empty());
                    listener.changed(before, after, by, "amended", now);
                    return after;
                });
    }

    /**
     * The agreement as {@link #amend} would make it, checked alike, without storing anything: what
     * a dry run of an amendment asks about.
     */
    public Agreement proposedAmendment(String id, Draft draft) {
        return amended(require(id), draft);
    }

    private Agreement amended(Agreement before, Draft draft) {
        if (before.status() == AgreementStatus.TERMINATED) {
            throw ApiException.conflict(
                    "agreement '" + before.title() + "' is terminated: record a new one");
        }
        return build(before.id(), draft, before.status());
    }

    public Agreement activate(String id, NodePrincipal by, Optional<String> note) {
        return transition(id, by, note, "activated", AgreementStatus.ACTIVE, AgreementStatus.DRAFT);
    }

    public Agreement suspend(String id, NodePrincipal by, Optional<String> note) {
        return transition(
                id, by, note, "suspended", AgreementStatus.SUSPENDED, AgreementStatus.ACTIVE);
    }

    public Agreement resume(String id, NodePrincipal by, Optional<String> note) {
        return transition(
                id, by, note, "resumed", AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED);
    }

    public Agreement terminate(String id, NodePrincipal by, Optional<String> note) {
        return transition(
                id,
                by,
                note,
                "terminated",
                AgreementStatus.TERMINATED,
                AgreementStatus.DRAFT,
                AgreementStatus.ACTIVE,
                AgreementStatus.SUSPENDED);
    }

    private Agreement transition(
            String id,
            NodePrincipal by,
            Optional<String> note,
            String change,
            AgreementStatus to,
            AgreementStatus... from) {
        return db.inTransaction(
                () -> {
                    Agreement before = require(id);
                    if (!List.of(from).contains(before.status())) {
                        throw ApiException.conflict(
                                "agreement '"
                                        + before.title()
                                        + "' is "
                                        + before.status().key()
                                        + "; it can be "
                                        + change
                                        + " only when "
                                        + String.join(
                                                " or ",
                                                List.of(from).stream()
                                                        .map(AgreementStatus::key)
                                                        .toList()));
                    }
                    Agreement after = before.withStatus(to);
                    long now = now();
                    agreements.save(after, now);
                    agreements.appendHistory(
                            id,
                            now,
                            Optional.of(by.id()),
                            change,
                            Optional.of(before.status()),
                            to,
                            note);
                    listener.changed(before, after, by, change, now);
                    return after;
                });
    }

    /** Every agreement, in the order they were recorded. */
    public List<Agreement> list() {
        return agreements.list();
    }

    /** By id or exact title. */
    public Optional<Agreement> find(String idOrTitle) {
        return agreements
                .byId(idOrTitle)
                .or(() -> list().stream().filter(a -> a.title().equals(idOrTitle)).findFirst());
    }

    /** By id or exact title; 404 when there is none. */
    public Agreement require(String idOrTitle) {
        return find(idOrTitle)
                .orElseThrow(
                        () -> ApiException.notFound("there is no agreement '" + idOrTitle + "'"));
    }

    /** An agreement's changes, oldest first. */
    public List<HistoryEntry> history(Agreement a) {
        return agreements.history(a.id());
    }

    /**
     * The other parties of an agreement, in its order; a party no longer recorded (which the schema
     * prevents) comes with its id alone.
     */
    public List<Party> parties(Agreement a) {
        return a.parties().stream().map(id -> new Party(id, organisations.byId(id))).toList();
    }

    /** A party to an agreement: its organisation id and, if recorded, the organisation. */
    public record Party(String id, Optional<Organisation> organisation) {
        public Party {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(organisation, "organisation");
        }

        /** Its name, else its id. */
        public String name() {
            return organisation.map(Organisation::name).orElse(id);
        }
    }

    private Agreement build(String id, Draft d, AgreementStatus status) {
        List<String> parties = new ArrayList<>();
        for (String p : d.parties()) {
            Organisation org =
                    organisations
                            .find(p)
                            .orElseThrow(
                                    () ->
                                            ApiException.invalid(
                                                    "party '"
                                                            + p
                                                            + "' is not a known organisation;"
                                                            + " record it first"));
            if (org.kind() == OrgKind.LOCAL) {
                throw ApiException.invalid(
                        "the local agency is a party to every agreement; name the other parties");
            }
            if (d.kind() == AgreementKind.SUBSCRIPTION && org.kind() != OrgKind.CONSTITUENT) {
                throw ApiException.invalid(
                        "a subscription is for one constituent; " + org.name() + " is a partner");
            }
            if (!parties.contains(org.id())) {
                parties.add(org.id());
            }
        }
        Map<Area, AreaRules> areas = new EnumMap<>(Area.class);
        for (AreaRules r : d.areas()) {
            if (areas.put(r.area(), r) != null) {
                throw ApiException.invalid("area " + r.area().key + " is given twice");
            }
        }
        try {
            return new Agreement(
                    id,
                    d.kind(),
                    d.title(),
                    d.signedOn(),
                    d.effectiveFrom(),
                    d.expiresAt(),
                    status,
                    d.textRef(),
                    parties,
                    areas);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private long now() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
