package org.entente.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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

/** REST API: principals, their tokens, passwords, certificates and grants. Admins only. */
@RestController
@RequestMapping("/api/v1")
class PrincipalsController {
    private final Principals principals;
    private final Tokens tokens;
    private final Administration admin;

    PrincipalsController(Principals principals, Tokens tokens, Administration admin) {
        this.principals = principals;
        this.tokens = tokens;
        this.admin = admin;
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
                    p.organisation().value(),
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

    record Roles(List<String> roles) {}

    @GetMapping("/principals")
    List<PrincipalResource> list(NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        return principals.list().stream().map(PrincipalResource::of).toList();
    }

    /**
     * Records a principal. Its roles must fit its organisation: admin, liaison, analyst or auditor
     * for the local agency (the default); partner for a partner agency; constituent for a
     * constituent.
     */
    @PostMapping("/principals")
    ResponseEntity<PrincipalResource> create(
            @RequestBody PrincipalRequest request, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        if (request.name() == null) {
            throw ApiException.invalid("a principal needs a name");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try {
            (request.roles() == null ? List.<String>of() : request.roles())
                    .forEach(r -> roles.add(Role.parse(r)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        NodePrincipal p =
                principals.create(
                        new Principals.NewPrincipal(
                                request.name(),
                                Optional.ofNullable(request.organisation()),
                                roles,
                                Optional.ofNullable(request.password()),
                                Optional.ofNullable(request.certificateSubject())));
        return ResponseEntity.status(HttpStatus.CREATED).body(PrincipalResource.of(p));
    }

    @PostMapping("/principals/{id}/tokens")
    ResponseEntity<TokenResource> token(
            @PathVariable String id,
            @RequestBody(required = false) TokenRequest request,
            NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        Integer days = request == null ? null : request.expiresInDays();
        if (days != null && days < 1) {
            throw ApiException.invalid("expires_in_days must be at least 1");
        }
        String label = request == null || request.label() == null ? "api" : request.label();
        Tokens.Issued issued =
                tokens.issueFor(id, label, Optional.ofNullable(days).map(Duration::ofDays));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(
                        new TokenResource(
                                issued.token(),
                                label,
                                issued.expires().map(Instant::toString).orElse(null),
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
        principals.setPassword(id, request.password() == null ? "" : request.password());
        return ResponseEntity.noContent().build();
    }

    /**
     * Replaces a principal's roles; they must fit its organisation, and an admin cannot take the
     * admin role from itself. The console's administration page calls the same use case.
     */
    @PutMapping("/principals/{id}/roles")
    PrincipalResource roles(
            @PathVariable String id, @RequestBody Roles request, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try {
            (request.roles() == null ? List.<String>of() : request.roles())
                    .forEach(r -> roles.add(Role.parse(r)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return PrincipalResource.of(principals.setRoles(id, roles, caller));
    }

    @PostMapping("/principals/{id}/disable")
    PrincipalResource disable(@PathVariable String id, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        return PrincipalResource.of(principals.disable(id, caller));
    }

    @PostMapping("/principals/{id}/enable")
    PrincipalResource enable(@PathVariable String id, NodePrincipal caller) {
        admin.require(caller, Role.ADMIN);
        return PrincipalResource.of(principals.enable(id));
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
        return principals.grant(
                id,
                collection,
                Boolean.TRUE.equals(request.canRead()),
                Boolean.TRUE.equals(request.canWrite()));
    }
}
