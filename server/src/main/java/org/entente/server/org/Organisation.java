package org.entente.server.org;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.entente.stix.StixIds;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An organisation the node deals with, and the STIX identity that stands for it in shared objects
 * ({@code created_by_ref}, {@code where_sighted_refs}).
 *
 * @param country ISO 3166-1 alpha-2 code, upper case
 * @param sectors STIX industry-sector-ov values
 */
public record Organisation(
        String id,
        OrgKind kind,
        String name,
        Optional<String> country,
        List<String> sectors,
        Optional<String> contact,
        String identityId,
        java.time.Instant created) {
    public Organisation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(identityId, "identityId");
        Objects.requireNonNull(created, "created");
        sectors = List.copyOf(sectors);
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1 to 200 characters");
        }
        if (country.isPresent() && !country.get().matches("[A-Z]{2}")) {
            throw new IllegalArgumentException(
                    "country must be an ISO 3166-1 alpha-2 code such as SG or JP, not '"
                            + country.get()
                            + "'");
        }
        if (!identityId.startsWith("identity--") || !StixIds.isId(identityId)) {
            throw new IllegalArgumentException(
                    "identityId must be a STIX identity id, not '" + identityId + "'");
        }
        for (String sector : sectors) {
            if (!sector.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException(
                        "sectors take industry-sector-ov values such as government-national, not '"
                                + sector
                                + "'");
            }
        }
    }

    /**
     * A new organisation with fresh ids, created now by the system clock: for tests and fixtures;
     * the node records organisations through {@link Organisations}, on its own clock.
     */
    public static Organisation create(
            OrgKind kind,
            String name,
            Optional<String> country,
            List<String> sectors,
            Optional<String> contact) {
        return create(kind, name, country, sectors, contact, java.time.Instant.now());
    }

    /** A new organisation with fresh ids, created at {@code created} (kept to the millisecond). */
    public static Organisation create(
            OrgKind kind,
            String name,
            Optional<String> country,
            List<String> sectors,
            Optional<String> contact,
            java.time.Instant created) {
        return new Organisation(
                UUID.randomUUID().toString(),
                kind,
                name,
                country.map(c -> c.toUpperCase(java.util.Locale.ROOT)),
                sectors,
                contact,
                "identity--" + UUID.randomUUID(),
                created.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** The id, typed. */
    public OrgId orgId() {
        return new OrgId(id);
    }

    /** The STIX identity object for this organisation (created when the organisation was). */
    public ObjectNode identity() {
        String created = org.entente.stix.Timestamps.formatMillis(this.created);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "identity")
                .put("spec_version", "2.1")
                .put("id", identityId)
                .put("created", created)
                .put("modified", created)
                .put("name", name)
                .put("identity_class", "organization");
        if (!sectors.isEmpty()) {
            var list = o.putArray("sectors");
            sectors.forEach(list::add);
        }
        contact.ifPresent(c -> o.put("contact_information", c));
        country.ifPresent(c -> o.put("x_entente_country", c));
        return o;
    }
}
