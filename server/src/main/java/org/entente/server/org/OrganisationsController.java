package org.entente.server.org;

import java.util.List;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
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
    private final Organisations organisations;
    private final Administration admin;

    OrganisationsController(Organisations organisations, Administration admin) {
        this.organisations = organisations;
        this.admin = admin;
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
        return OrganisationResource.of(organisations.require(id));
    }

    @PostMapping
    ResponseEntity<OrganisationResource> create(
            @RequestBody OrganisationRequest request, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        if (request.kind() == null || request.name() == null) {
            throw ApiException.invalid("an organisation needs a kind and a name");
        }
        Organisation o = organisations.create(kind(request.kind()), details(request, null));
        return ResponseEntity.status(HttpStatus.CREATED).body(OrganisationResource.of(o));
    }

    /** Replaces the details; a name left out stays as it is. */
    @PutMapping("/{id}")
    OrganisationResource update(
            @PathVariable String id,
            @RequestBody OrganisationRequest request,
            NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON);
        String name = request.name() != null ? request.name() : organisations.require(id).name();
        return OrganisationResource.of(organisations.update(id, details(request, name)));
    }

    private static OrgKind kind(String kind) {
        try {
            return OrgKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static Organisations.Details details(OrganisationRequest r, String name) {
        return new Organisations.Details(
                name != null ? name : r.name(),
                Optional.ofNullable(r.country()),
                r.sectors() == null ? List.of() : r.sectors(),
                Optional.ofNullable(r.contact()));
    }
}
