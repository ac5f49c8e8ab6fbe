package org.entente.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.collection.CollectionDao;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.policy.Administration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST API: principals, their tokens, passwords, certificates and grants. Admins only. */
@RestController
@RequestMapping("/api/v1")
class PrincipalsController {
    private final PrincipalDao principals;
    private final OrganisationDao organisations;
    private final CollectionDao collections;
    private final Tokens tokens;
    private final Administration admin;
    private final PasswordEncoder passwords;
    private final Clock clock;

    PrincipalsController(
            PrincipalDao principals,
            OrganisationDao organisations,
            CollectionDao collections,
            Tokens tokens,
            Administration admin,
            PasswordEncoder passwords,
            Clock clock) {
        this.principals = principals;
        this.organisations = organisations;
        this.collections = collections;
        this.tokens = tokens;
        this.admin = admin;
        this.passwords = passwords;
        this.clock = clock;
    }

    record PrincipalRequest(
            String name,
            String organisation,
            List<String> roles,
            String password,
            String certificateSubject) {}

    record PrincipalResource(
            String id, String name, String organisationId, List<String> roles, boolean disabled) {
        static PrincipalResource of(NodePrincipal p) {
            return new PrincipalResource(
                    p.id(),
                    p.name(),
                    p.organisationId().orElse(null),
                    p.roles().stream()
                            .map(r -> r.name().toLowerCase(Locale.ROOT))
                            .sorted()
                            .toList(),
                    p.disabled());
        }
    }

    record TokenRequest(String label, Integer expiresInDays) {}

    record TokenResource(String token, String label, String expiresAt, String note) {}

    record GrantRequest(Boolean canRead, Boolean canWrite) {}

    record Revocation(String token) {}

    record Password(String password) {}

    @GetMapping("/principals")
    List<PrincipalResource> list(NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        return principals.list().stream().map(PrincipalResource::of).toList();
    }

    /**
     * Records a principal. Its roles must fit its organisation: admin, liaison, analyst or auditor
     * for the local agency; partner for a partner agency; constituent for a constituent.
     */
    @PostMapping("/principals")
    ResponseEntity<PrincipalResource> create(
            @RequestBody PrincipalRequest request, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        if (request.name() == null || request.name().isBlank()) {
            throw ApiException.invalid("a principal needs a name");
        }
        if (principals.byName(request.name()).isPresent()) {
            throw ApiException.conflict(
                    "a principal named '" + request.name() + "' exists already");
        }
        Organisation org =
                request.organisation() == null
                        ? organisations.local().orElseThrow()
                        : organisations
                                .find(request.organisation())
                                .orElseThrow(
                                        () ->
                                                ApiException.invalid(
                                                        "organisation '"
                                                                + request.organisation()
                                                                + "' is not known"));
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try {
            (request.roles() == null ? List.<String>of() : request.roles())
                    .forEach(r -> roles.add(Role.parse(r)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        checkRoles(org, roles);
        NodePrincipal p =
                new NodePrincipal(
                        UUID.randomUUID().toString(),
                        request.name(),
                        roles,
                        false,
                        Optional.of(org.id()));
        principals.insert(p, clock.millis() * 1000);
        if (request.password() != null) {
            checkPassword(request.password());
            principals.setPasswordHash(p.id(), passwords.encode(request.password()));
        }
        if (request.certificateSubject() != null) {
            principals.setCertificateSubject(p.id(), request.certificateSubject());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(PrincipalResource.of(p));
    }

    static void checkRoles(Organisation org, Set<Role> roles) {
        if (roles.isEmpty()) {
            throw ApiException.invalid("a principal needs at least one role");
        }
        Set<Role> allowed =
                switch (org.kind()) {
                    case LOCAL -> EnumSet.of(Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
                    case PARTNER -> EnumSet.of(Role.PARTNER);
                    case CONSTITUENT -> EnumSet.of(Role.CONSTITUENT);
                };
        for (Role r : roles) {
            if (!allowed.contains(r)) {
                throw ApiException.invalid(
                        "role "
                                + r.name().toLowerCase(Locale.ROOT)
                                + " does not fit a "
                                + org.kind().key()
                                + " organisation ("
                                + org.name()
                                + ")");
            }
        }
    }

    private static void checkPassword(String password) {
        if (password.length() < 12) {
            throw ApiException.invalid("a password needs at least 12 characters");
        }
    }

    @PostMapping("/principals/{id}/tokens")
    ResponseEntity<TokenResource> token(
            @PathVariable String id,
            @RequestBody(required = false) TokenRequest request,
            NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        NodePrincipal p = require(id);
        Optional<Instant> expires =
                Optional.ofNullable(request == null ? null : request.expiresInDays())
                        .map(
                                days -> {
                                    if (days < 1) {
                                        throw ApiException.invalid(
                                                "expires_in_days must be at least 1");
                                    }
                                    return clock.instant().plus(Duration.ofDays(days));
                                });
        String label = request == null || request.label() == null ? "api" : request.label();
        String token = tokens.issue(p.id(), label, expires);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(
                        new TokenResource(
                                token,
                                label,
                                expires.map(Instant::toString).orElse(null),
                                "shown once: it is stored only as a hash"));
    }

    @PostMapping("/tokens/revoke")
    ResponseEntity<Void> revoke(@RequestBody Revocation request, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        if (request.token() == null || !tokens.revoke(request.token())) {
            throw ApiException.notFound("no active token matches");
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/principals/{id}/password")
    ResponseEntity<Void> password(
            @PathVariable String id, @RequestBody Password request, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        NodePrincipal p = require(id);
        checkPassword(request.password() == null ? "" : request.password());
        principals.setPasswordHash(p.id(), passwords.encode(request.password()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/principals/{id}/{state:disable|enable}")
    PrincipalResource state(
            @PathVariable String id, @PathVariable String state, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        NodePrincipal p = require(id);
        if (p.id().equals(caller.id()) && state.equals("disable")) {
            throw ApiException.conflict("you cannot disable yourself");
        }
        principals.setDisabled(p.id(), state.equals("disable"));
        return PrincipalResource.of(require(id));
    }

    /**
     * Grants rights on a collection to a principal of the local agency; other organisations' rights
     * come from their agreements, never from grants.
     */
    @PutMapping("/principals/{id}/grants/{collection}")
    Grant grant(
            @PathVariable String id,
            @PathVariable String collection,
            @RequestBody GrantRequest request,
            NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        NodePrincipal p = require(id);
        Organisation org =
                p.organisationId()
                        .flatMap(organisations::byId)
                        .orElseGet(() -> organisations.local().orElseThrow());
        if (org.kind() != OrgKind.LOCAL) {
            throw ApiException.invalid(
                    org.name()
                            + " is an outside organisation: its rights come from its agreements");
        }
        Collection c =
                collections.list(collections.apiRoots().get(0).name()).stream()
                        .filter(
                                x ->
                                        x.id().equals(collection)
                                                || x.alias().filter(collection::equals).isPresent())
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "there is no collection '" + collection + "'"));
        Grant grant =
                new Grant(
                        c.id(),
                        Boolean.TRUE.equals(request.canRead()),
                        Boolean.TRUE.equals(request.canWrite()));
        principals.setGrant(p.id(), grant);
        return grant;
    }

    private NodePrincipal require(String idOrName) {
        return principals
                .byId(idOrName)
                .or(() -> principals.byName(idOrName))
                .orElseThrow(
                        () -> ApiException.notFound("there is no principal '" + idOrName + "'"));
    }
}
