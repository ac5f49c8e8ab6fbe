package org.entente.server.agreement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Area;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Administration;
import org.entente.server.policy.DryRun;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST API: agreements, their areas and their lifecycle. */
@RestController
@RequestMapping("/api/v1/agreements")
class AgreementsController {
    private final Agreements agreements;
    private final Administration admin;
    private final DryRun dryRun;
    private final Clock clock;

    AgreementsController(Agreements agreements, Administration admin, DryRun dryRun, Clock clock) {
        this.agreements = agreements;
        this.admin = admin;
        this.dryRun = dryRun;
        this.clock = clock;
    }

    /** The rules of one area, as sent and returned. */
    record AreaResource(
            String area,
            String direction,
            String tlpCeiling,
            List<String> types,
            List<String> labelsAny,
            List<String> labelsNone,
            Integer minConfidence,
            String onward,
            Boolean feedback,
            Boolean anonymise) {
        static AreaResource of(AreaRules r) {
            return new AreaResource(
                    r.area().key,
                    r.direction().name().toLowerCase(Locale.ROOT),
                    r.tlpCeiling().label(),
                    r.types().stream().sorted().toList(),
                    r.labelsAny().stream().sorted().toList(),
                    r.labelsNone().stream().sorted().toList(),
                    r.minConfidence(),
                    r.onward().name().toLowerCase(Locale.ROOT),
                    r.feedback(),
                    r.anonymise());
        }

        AreaRules rules() {
            if (area == null || direction == null || tlpCeiling == null || onward == null) {
                throw ApiException.invalid("an area needs area, direction, tlp_ceiling and onward");
            }
            try {
                return new AreaRules(
                        Area.of(area),
                        Direction.parse(direction),
                        Tlp.parse(tlpCeiling),
                        Set.copyOf(types == null ? List.of() : types),
                        Set.copyOf(labelsAny == null ? List.of() : labelsAny),
                        Set.copyOf(labelsNone == null ? List.of() : labelsNone),
                        minConfidence == null ? 0 : minConfidence,
                        Onward.parse(onward),
                        Boolean.TRUE.equals(feedback),
                        Boolean.TRUE.equals(anonymise));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("area " + area + ": " + e.getMessage());
            }
        }
    }

    /** What a caller sends to record or amend an agreement. */
    record AgreementRequest(
            String kind,
            String title,
            String signedOn,
            String effectiveFrom,
            String expiresAt,
            String textRef,
            List<String> parties,
            List<AreaResource> areas,
            Boolean activate) {
        Agreements.Draft draft() {
            if (kind == null || title == null || effectiveFrom == null || parties == null) {
                throw ApiException.invalid(
                        "an agreement needs kind, title, effective_from and parties");
            }
            try {
                return new Agreements.Draft(
                        AgreementKind.parse(kind),
                        title,
                        Optional.ofNullable(signedOn).map(LocalDate::parse),
                        instant("effective_from", effectiveFrom),
                        Optional.ofNullable(expiresAt).map(t -> instant("expires_at", t)),
                        Optional.ofNullable(textRef),
                        parties,
                        areas == null
                                ? List.of()
                                : areas.stream().map(AreaResource::rules).toList());
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("signed_on must be a date such as 2017-09-18");
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(e.getMessage());
            }
        }
    }

    /** A date (midnight UTC) or an RFC 3339 timestamp. */
    static Instant instant(String field, String text) {
        if (text.length() == 10) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(field + " '" + text + "' is not a date");
            }
        }
        String problem = Timestamps.problem(text);
        if (problem != null) {
            throw ApiException.invalid(field + ": " + problem);
        }
        return Timestamps.toInstant(text);
    }

    record PartyResource(String id, String name, String kind) {}

    record HistoryResource(
            int seq,
            String at,
            String principalId,
            String change,
            String from,
            String to,
            String note) {}

    record AgreementResource(
            String id,
            String kind,
            String title,
            String signedOn,
            String effectiveFrom,
            String expiresAt,
            String status,
            String effectiveStatus,
            boolean inForce,
            String textRef,
            List<PartyResource> parties,
            List<AreaResource> areas,
            List<HistoryResource> history) {}

    record Note(String note) {}

    private AgreementResource resource(Agreement a, boolean withHistory) {
        Instant now = clock.instant();
        return new AgreementResource(
                a.id(),
                a.kind().name().toLowerCase(Locale.ROOT),
                a.title(),
                a.signedOn().map(LocalDate::toString).orElse(null),
                Timestamps.formatMillis(a.effectiveFrom()),
                a.expiresAt().map(Timestamps::formatMillis).orElse(null),
                a.status().key(),
                a.statusAt(now).key(),
                a.inForceAt(now),
                a.textRef().orElse(null),
                agreements.parties(a).stream()
                        .map(
                                p ->
                                        p.organisation()
                                                .map(
                                                        o ->
                                                                new PartyResource(
                                                                        o.id(),
                                                                        o.name(),
                                                                        o.kind().key()))
                                                .orElse(new PartyResource(p.id(), null, null)))
                        .toList(),
                a.areas().values().stream()
                        .sorted(Comparator.comparing(r -> r.area().ordinal()))
                        .map(AreaResource::of)
                        .toList(),
                withHistory
                        ? agreements.history(a).stream().map(AgreementsController::history).toList()
                        : List.of());
    }

    private static HistoryResource history(HistoryEntry h) {
        return new HistoryResource(
                h.seq(),
                Timestamps.formatMicros(h.at()),
                h.principalId().orElse(null),
                h.change(),
                h.from().map(AgreementStatus::key).orElse(null),
                h.to().key(),
                h.note().orElse(null));
    }

    @GetMapping
    List<AgreementResource> list(NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        return agreements.list().stream().map(a -> resource(a, false)).toList();
    }

    @GetMapping("/{id}")
    AgreementResource one(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        return resource(agreements.require(id), true);
    }

    @PostMapping
    ResponseEntity<AgreementResource> create(
            @RequestBody AgreementRequest request, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        Agreement a =
                agreements.create(
                        request.draft(), Boolean.TRUE.equals(request.activate()), principal);
        return ResponseEntity.status(HttpStatus.CREATED).body(resource(a, true));
    }

    @PutMapping("/{id}")
    AgreementResource amend(
            @PathVariable String id,
            @RequestBody AgreementRequest request,
            NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        return resource(
                agreements.amend(agreements.require(id).id(), request.draft(), principal), true);
    }

    /** One party's dry run, as the console shows it (docs/adr/0014). */
    record DryRunParty(
            String organisationId,
            String name,
            String kind,
            DryRun.Counts total,
            long returned,
            java.util.Map<String, DryRun.Counts> byTlp,
            java.util.Map<String, DryRun.Counts> byType,
            java.util.Map<String, Long> byClause,
            List<DryRun.Reason> reasons,
            long reasonsFrom) {}

    record DryRunResource(String agreementId, String at, List<DryRunParty> parties) {}

    /**
     * What each party would receive now if the stored agreement were in force, against today; for
     * those who may change agreements, as the dry run counts collections they may hold no grant on.
     */
    @GetMapping("/{id}/dry-run")
    DryRunResource dryRun(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        DryRun.Report r = dryRun.of(agreements.require(id));
        return new DryRunResource(
                r.agreement().id(),
                Timestamps.formatMillis(r.at()),
                r.parties().stream()
                        .map(
                                p -> {
                                    java.util.Map<String, DryRun.Counts> tlp =
                                            new java.util.LinkedHashMap<>();
                                    p.byTlp().forEach((t, c) -> tlp.put(t.label(), c));
                                    return new DryRunParty(
                                            p.organisation().id(),
                                            p.organisation().name(),
                                            p.organisation().kind().key(),
                                            p.total(),
                                            p.returned(),
                                            tlp,
                                            p.byType(),
                                            p.byClause(),
                                            p.reasons(),
                                            p.worded());
                                })
                        .toList());
    }

    @PostMapping("/{id}/{action}")
    AgreementResource lifecycle(
            @PathVariable String id,
            @PathVariable String action,
            @RequestBody(required = false) Note note,
            NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        String agreement = agreements.require(id).id();
        Optional<String> why = Optional.ofNullable(note).map(Note::note);
        Agreement after =
                switch (action) {
                    case "activate" -> agreements.activate(agreement, principal, why);
                    case "suspend" -> agreements.suspend(agreement, principal, why);
                    case "resume" -> agreements.resume(agreement, principal, why);
                    case "terminate" -> agreements.terminate(agreement, principal, why);
                    default ->
                            throw ApiException.notFound(
                                    "unknown action '"
                                            + action
                                            + "': use activate, suspend, resume or terminate");
                };
        return resource(after, true);
    }
}
