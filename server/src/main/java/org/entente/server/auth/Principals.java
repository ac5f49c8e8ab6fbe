package org.entente.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;

/**
 * The use cases of principals: record one in its organisation, list them, disable and enable them,
 * set passwords and certificate subjects, and grant the local agency's people rights on
 * collections. The REST API, the command line and the web console all come here; each change is one
 * transaction, timed by the node's clock.
 *
 * <p>Every principal belongs to exactly one recorded organisation, and its roles must fit that
 * organisation's kind ({@link #checkMembership}, the one place this is decided).
 */
public final class Principals {
    /** Passwords shorter than this are refused. */
    public static final int MIN_PASSWORD = 12;

    /**
     * What a caller gives to record a principal.
     *
     * @param organisation id or name; empty means the local agency
     */
    public record NewPrincipal(
            String name,
            Optional<String> organisation,
            Set<Role> roles,
            Optional<String> password,
            Optional<String> certificateSubject) {
        public NewPrincipal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(certificateSubject, "certificateSubject");
            roles = Set.copyOf(roles);
        }
    }

    private final Database db;
    private final PrincipalDao principals;
    private final OrganisationDao organisations;
    private final Catalog catalog;
    private final Passwords passwords;
    private final Clock clock;

    /**
     * @param catalog where a grant's collection is found, in the node's own API root
     */
    public Principals(
            Database db,
            PrincipalDao principals,
            OrganisationDao organisations,
            Catalog catalog,
            Passwords passwords,
            Clock clock) {
        this.db = db;
        this.principals = principals;
        this.organisations = organisations;
        this.catalog = catalog;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** The roles that fit an organisation of this kind. */
    public static Set<Role> fitting(OrgKind kind) {
        return switch (kind) {
            case LOCAL -> EnumSet.of(Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
            case PARTNER -> EnumSet.of(Role.PARTNER);
            case CONSTITUENT -> EnumSet.of(Role.CONSTITUENT);
        };
    }

    /**
     * Refuses roles that do not fit the organisation: admin, liaison, analyst and auditor belong to
     * the local agency, partner to a partner agency, constituent to a constituent. A partner role
     * in the local agency would read as the local agency does, TLP:RED and all.
     */
    public static void checkMembership(Organisation org, Set<Role> roles) {
        if (roles.isEmpty()) {
            throw ApiException.invalid("a principal needs at least one role");
        }
        for (Role r : roles) {
            if (!fitting(org.kind()).contains(r)) {
                throw ApiException.invalid(
                        "role "
                                + key(r)
                                + " does not fit a "
                                + org.kind().key()
                                + " organisation ("
                                + org.name()
                                + ")"
                                + (org.kind() == OrgKind.LOCAL
                                        ? ": a "
                                                + key(r)
                                                + "'s principals belong to its own organisation:"
                                                + " name that organisation"
                                        : ""));
            }
        }
    }

    /** Records a principal in its organisation, with its password and certificate if given. */
    public NodePrincipal create(NewPrincipal request) {
        if (request.name().isBlank() || request.name().length() > 200) {
            throw ApiException.invalid("a principal's name must be 1 to 200 characters");
        }
        // bcrypt before the transaction, which need not wait for it
        Optional<String> hash = request.password().map(this::hashChecked);
        return db.inTransaction(
                () -> {
                    if (principals.byName(request.name()).isPresent()) {
                        throw ApiException.conflict(
                                "a principal named '" + request.name() + "' exists already");
                    }
                    Organisation org =
                            request.organisation()
                                    .map(this::organisation)
                                    .orElseGet(this::localAgency);
                    checkMembership(org, request.roles());
                    NodePrincipal p =
                            new NodePrincipal(
                                    UUID.randomUUID().toString(),
                                    request.name(),
                                    request.roles(),
                                    false,
                                    org.orgId());
                    principals.insert(p, micros(clock.instant()));
                    hash.ifPresent(h -> principals.setPasswordHash(p.id(), h));
                    request.certificateSubject()
                            .ifPresent(s -> principals.setCertificateSubject(p.id(), s));
                    return p;
                });
    }

    public List<NodePrincipal> list() {
        return principals.list();
    }

    /** A principal as a list of them shows it: whether it has a password comes with it. */
    public record Listed(NodePrincipal principal, boolean password) {}

    /**
     * Up to {@code limit} principals in the order of their names, after the name {@code after}
     * (empty for the first), whose name holds {@code contains} in any case (empty for all).
     */
    public List<Listed> page(String after, String contains, int limit) {
        return principals.page(after, contains, limit);
    }

    /** Whether a principal can sign in with a password (the console's people need one). */
    public boolean hasPassword(NodePrincipal p) {
        return principals.hasPassword(p.id());
    }

    public Optional<NodePrincipal> named(String name) {
        return principals.byName(name);
    }

    /** By id or name. */
    public Optional<NodePrincipal> find(String idOrName) {
        return principals.byId(idOrName).or(() -> principals.byName(idOrName));
    }

    /** By id or name; 404 when there is none. */
    public NodePrincipal require(String idOrName) {
        return find(idOrName)
                .orElseThrow(
                        () -> ApiException.notFound("there is no principal '" + idOrName + "'"));
    }

    /** The organisation a principal acts for (recorded, as every principal's is). */
    public Organisation organisationOf(NodePrincipal p) {
        return organisations
                .byId(p.organisation())
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "principal '"
                                                + p.name()
                                                + "' acts for organisation "
                                                + p.organisation()
                                                + ", which is not recorded"));
    }

    /** Stops a principal at once: its next request is refused, whatever credential it sends. */
    public NodePrincipal disable(String idOrName, NodePrincipal by) {
        NodePrincipal after =
                db.inTransaction(
                        () -> {
                            NodePrincipal p = require(idOrName);
                            if (p.id().equals(by.id())) {
                                throw ApiException.conflict(
                                        "'"
                                                + p.name()
                                                + "' cannot disable itself: another admin can");
                            }
                            principals.setDisabled(p.id(), true);
                            return require(p.id());
                        });
        passwords.forget(after.id());
        return after;
    }

    /**
     * Lets a disabled principal in again, if its roles fit its organisation: one recorded by an
     * older version with an outside role and no organisation stays disabled, to be recorded again.
     */
    public NodePrincipal enable(String idOrName) {
        return db.inTransaction(
                () -> {
                    NodePrincipal p = require(idOrName);
                    try {
                        checkMembership(organisationOf(p), p.roles());
                    } catch (ApiException e) {
                        throw ApiException.conflict(
                                e.getMessage()
                                        + "; record '"
                                        + p.name()
                                        + "' again under its organisation");
                    }
                    principals.setDisabled(p.id(), false);
                    return require(p.id());
                });
    }

    /**
     * Replaces a principal's roles; they must fit its organisation. An admin cannot take the admin
     * role from itself, as it cannot disable itself: the node would be left with no one to undo it.
     */
    public NodePrincipal setRoles(String idOrName, Set<Role> roles, NodePrincipal by) {
        NodePrincipal after =
                db.inTransaction(
                        () -> {
                            NodePrincipal p = require(idOrName);
                            checkMembership(organisationOf(p), roles);
                            if (p.id().equals(by.id())
                                    && p.roles().contains(Role.ADMIN)
                                    && !roles.contains(Role.ADMIN)) {
                                throw ApiException.conflict(
                                        "'"
                                                + p.name()
                                                + "' cannot take the admin role from itself:"
                                                + " another admin can");
                            }
                            principals.setRoles(p.id(), Set.copyOf(roles));
                            return require(p.id());
                        });
        // a remembered credential carries the principal as it was, roles and all
        passwords.forget(after.id());
        return after;
    }

    /** Sets a principal's password; the old one stops working on the next request. */
    public void setPassword(String idOrName, String password) {
        String hash = hashChecked(password);
        String id =
                db.inTransaction(
                        () -> {
                            NodePrincipal p = require(idOrName);
                            principals.setPasswordHash(p.id(), hash);
                            return p.id();
                        });
        passwords.forget(id);
    }

    /**
     * Sets a local principal's rights on a collection (id or alias). Other organisations' rights
     * come from their agreements, never from grants.
     */
    public Grant grant(String idOrName, String collection, boolean read, boolean write) {
        return db.inTransaction(
                () -> {
                    NodePrincipal p = require(idOrName);
                    Organisation org = organisationOf(p);
                    if (org.kind() != OrgKind.LOCAL) {
                        throw ApiException.invalid(
                                "'"
                                        + p.name()
                                        + "' acts for "
                                        + org.name()
                                        + ", an outside organisation: what it may read and write"
                                        + " comes from its agreements");
                    }
                    Collection c =
                            catalog.find(collection)
                                    .orElseThrow(
                                            () ->
                                                    ApiException.notFound(
                                                            "no collection '"
                                                                    + collection
                                                                    + "'; there are "
                                                                    + catalog.aliases()));
                    Grant grant = new Grant(c.id(), read, write);
                    principals.setGrant(p.id(), grant);
                    return grant;
                });
    }

    public List<Grant> grants(String idOrName) {
        return principals.grants(require(idOrName).id());
    }

    /** A recorded organisation by id or name; bad input when there is none. */
    Organisation organisation(String idOrName) {
        return organisations
                .find(idOrName)
                .orElseThrow(
                        () ->
                                ApiException.invalid(
                                        "organisation '"
                                                + idOrName
                                                + "' is not known; record it first"));
    }

    private Organisation localAgency() {
        return organisations
                .local()
                .orElseThrow(() -> new IllegalStateException("the node has no local agency"));
    }

    private String hashChecked(String password) {
        if (password.length() < MIN_PASSWORD) {
            throw ApiException.invalid("a password needs at least " + MIN_PASSWORD + " characters");
        }
        return passwords.hash(password);
    }

    private static String key(Role r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
