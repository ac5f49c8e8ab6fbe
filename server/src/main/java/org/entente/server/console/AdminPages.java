package org.entente.server.console;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** How many people a page of the list shows. */
    static final int PAGE = 100;

    /**
     * A page of the people list.
     *
     * @param next the name the next page starts after, if there is one
     */
    record People(List<Row> rows, Optional<String> next) {
        People {
            rows = List.copyOf(rows);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Up to {@link #PAGE} people in the order of their names, after {@code after} (empty for the
     * first page), whose name holds {@code contains} (empty for everyone): an agency that serves
     * many constituents records a person or machine for each, so the list is read a page at a time,
     * in three statements whatever its length.
     *
     * @param recorded every organisation, as {@link #organisations} reads them for the page's form:
     *     the names of the rows' organisations are taken from them, not read again
     */
    People list(SignIns.Person person, String after, String contains, List<Organisation> recorded) {
        admin(person);
        List<Principals.Listed> found = principals.page(after, contains, PAGE + 1);
        List<Principals.Listed> shown = found.subList(0, Math.min(PAGE, found.size()));
        Map<String, String> orgs = new HashMap<>();
        recorded.forEach(o -> orgs.put(o.id(), o.name()));
        Set<String> enrolled =
                signIns.enrolledAmong(shown.stream().map(l -> l.principal().id()).toList());
        List<Row> rows =
                shown.stream()
                        .map(
                                l ->
                                        row(
                                                l.principal(),
                                                organisationName(orgs, l.principal()),
                                                l.password(),
                                                enrolled.contains(l.principal().id())))
                        .toList();
        return new People(
                rows,
                found.size() > PAGE
                        ? Optional.of(shown.get(PAGE - 1).principal().name())
                        : Optional.empty());
    }

    private static String organisationName(Map<String, String> orgs, NodePrincipal p) {
        String name = orgs.get(p.organisation().value());
        if (name == null) {
            throw new IllegalStateException(
                    "principal '"
                            + p.name()
                            + "' acts for organisation "
                            + p.organisation()
                            + ", which is not recorded");
        }
        return name;
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
        return row(
                p,
                principals.organisationOf(p).name(),
                principals.hasPassword(p),
                signIns.enrolled(p.id()));
    }

    private static Row row(
            NodePrincipal p, String organisation, boolean password, boolean secondFactor) {
        return new Row(
                p,
                organisation,
                p.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                password,
                secondFactor);
    }
}
