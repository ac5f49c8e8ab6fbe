package org.entente.server.org;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Administration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** REST API: the organisations the node deals with. */
@RestController
@RequestMapping("/api/v1/organisations")
class OrganisationsController {
    private final OrganisationDao organisations;
    private final Administration admin;
    private final Database db;
    private final Clock clock;

    OrganisationsController(
            OrganisationDao organisations, Administration admin, Database db, Clock clock) {
        this.organisations = organisations;
        this.admin = admin;
        this.db = db;
        this.clock = clock;
    }

    /** What a caller sends to record or change an organisation. */
    record OrganisationRequest(
            String kind, String name, String country, List<String> sectors, String contact) {}

    /** An organisation, with the STIX identity that stands for it. */
    record OrganisationResource(
            String id,
            String kind,
            String name,
            String country,
            List<String> sectors,
            String contact,
            String identityId,
            JsonNode identity) {
        static OrganisationResource of(Organisation o) {
            return new OrganisationResource(
                    o.id(),
                    o.kind().key(),
                    o.name(),
                    o.country().orElse(null),
                    o.sectors(),
                    o.contact().orElse(null),
                    o.identityId(),
                    o.identity());
        }
    }

    @GetMapping
    List<OrganisationResource> list(NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        return organisations.list().stream().map(OrganisationResource::of).toList();
    }

    @GetMapping("/{id}")
    OrganisationResource one(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        return OrganisationResource.of(require(id));
    }

    @PostMapping
    ResponseEntity<OrganisationResource> create(
            @RequestBody OrganisationRequest request, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        if (request.kind() == null || request.name() == null) {
            throw ApiException.invalid("an organisation needs a kind and a name");
        }
        OrgKind kind = parse(request.kind());
        if (kind == OrgKind.LOCAL) {
            throw ApiException.invalid(
                    "the local agency exists already; record partners and constituents");
        }
        Organisation o = build(request, kind, Optional.empty());
        db.inTransaction(
                () -> {
                    if (organisations.find(o.name()).isPresent()) {
                        throw ApiException.conflict(
                                "an organisation named '" + o.name() + "' exists already");
                    }
                    organisations.insert(o);
                });
        return ResponseEntity.status(HttpStatus.CREATED).body(OrganisationResource.of(o));
    }

    @PutMapping("/{id}")
    OrganisationResource update(
            @PathVariable String id,
            @RequestBody OrganisationRequest request,
            NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        Organisation existing = require(id);
        Organisation changed = build(request, existing.kind(), Optional.of(existing));
        organisations.update(changed);
        return OrganisationResource.of(changed);
    }

    private Organisation require(String id) {
        return organisations
                .find(id)
                .orElseThrow(() -> ApiException.notFound("there is no organisation '" + id + "'"));
    }

    private static OrgKind parse(String kind) {
        try {
            return OrgKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static Organisation build(
            OrganisationRequest r, OrgKind kind, Optional<Organisation> existing) {
        try {
            Organisation fresh =
                    Organisation.create(
                            kind,
                            r.name() != null
                                    ? r.name()
                                    : existing.map(Organisation::name).orElse(""),
                            Optional.ofNullable(r.country()),
                            r.sectors() == null ? List.of() : r.sectors(),
                            Optional.ofNullable(r.contact()));
            return existing.map(
                            e ->
                                    new Organisation(
                                            e.id(),
                                            e.kind(),
                                            fresh.name(),
                                            fresh.country(),
                                            fresh.sectors(),
                                            fresh.contact(),
                                            e.identityId(),
                                            e.created()))
                    .orElse(fresh);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }
}
