package org.entente.server.console;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.auth.Tokens;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;

/**
 * The administration pages' reads and actions (issue 11 item 8), through the use cases the REST
 * API's principal and token endpoints call ({@link Principals}, {@link Tokens}) and with their one
 * rule: admins of the local agency only ({@link Administration#require}, as {@code
 * PrincipalsController} asks on every endpoint). Every method checks it first, the reads too.
 */
final class AdminPages {
    private final Principals principals;
    private final Tokens tokens;
    private final Organisations organisations;
    private final SignIns signIns;
    private final Administration admin;

    AdminPages(
            Principals principals,
            Tokens tokens,
            Organisations organisations,
            SignIns signIns,
            Administration admin) {
        this.principals = principals;
        this.tokens = tokens;
        this.organisations = organisations;
        this.signIns = signIns;
        this.admin = admin;
    }

    /** A principal as the list shows it. */
    record Row(
            NodePrincipal principal,
            String organisation,
            List<String> roles,
            boolean password,
            boolean secondFactor) {
        Row {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(organisation, "organisation");
            roles = List.copyOf(roles);
        }
    }

    /** The person's principal if they are an admin of the local agency; 403 otherwise. */
    NodePrincipal admin(SignIns.Person person) {
        NodePrincipal p = principals.require(person.principalId());
        admin.require(p, Role.ADMIN);
        return p;
    }

    List<Row> list(SignIns.Person person) {
        admin(person);
        return principals.list().stream()
                .sorted(Comparator.comparing(NodePrincipal::name))
                .map(this::row)
                .toList();
    }

    Row one(SignIns.Person person, String id) {
        admin(person);
        return row(principals.require(id));
    }

    /** The organisations a person may be recorded in, the local agency first. */
    List<Organisation> organisations(SignIns.Person person) {
        admin(person);
        return organisations.list().stream()
                .sorted(Comparator.comparing((Organisation o) -> o.kind().ordinal()))
                .toList();
    }

    NodePrincipal record(SignIns.Person person, Principals.NewPrincipal request) {
        admin(person);
        return principals.create(request);
    }

    NodePrincipal setRoles(SignIns.Person person, String id, Set<Role> roles) {
        return principals.setRoles(id, roles, admin(person));
    }

    NodePrincipal disable(SignIns.Person person, String id) {
        return principals.disable(id, admin(person));
    }

    NodePrincipal enable(SignIns.Person person, String id) {
        admin(person);
        return principals.enable(id);
    }

    List<Tokens.Listed> tokens(SignIns.Person person, String id) {
        admin(person);
        return tokens.listFor(id);
    }

    Tokens.Issued issue(
            SignIns.Person person, String id, String label, Optional<Duration> lifetime) {
        admin(person);
        return tokens.issueFor(id, label, lifetime);
    }

    boolean revoke(SignIns.Person person, String id, String ref) {
        admin(person);
        return tokens.revokeListed(id, ref);
    }

    boolean resetSecondFactor(SignIns.Person person, String id, String remote) {
        admin(person);
        return signIns.resetSecondFactor(principals.require(id), person, remote);
    }

    /** The roles that fit a principal's organisation, the choices of its roles form. */
    Set<Role> fitting(NodePrincipal p) {
        return Principals.fitting(principals.organisationOf(p).kind());
    }

    private Row row(NodePrincipal p) {
        return new Row(
                p,
                principals.organisationOf(p).name(),
                p.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                principals.hasPassword(p),
                signIns.enrolled(p.id()));
    }
}
