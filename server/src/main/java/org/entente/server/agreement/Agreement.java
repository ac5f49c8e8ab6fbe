package org.entente.server.agreement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.collection.Area;

/**
 * An agreement between the local agency and one or more organisations, and its areas of cooperation
 * with their rules.
 *
 * @param parties the other organisations (the local agency is always a party)
 * @param status the stored status: draft, active, suspended or terminated; see {@link
 *     #statusAt(Instant)} for what holds at a given moment
 */
public record Agreement(
        String id,
        AgreementKind kind,
        String title,
        Optional<LocalDate> signedOn,
        Instant effectiveFrom,
        Optional<Instant> expiresAt,
        AgreementStatus status,
        Optional<String> textRef,
        List<String> parties,
        Map<Area, AreaRules> areas) {
    /** The longest title, as the agreements table holds it. */
    public static final int MAX_TITLE = 300;

    /** The longest reference to the agreement's text. */
    public static final int MAX_TEXT_REF = 1000;

    public Agreement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(signedOn, "signedOn");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(textRef, "textRef");
        parties = List.copyOf(parties);
        areas = Map.copyOf(areas);
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        // the columns' sizes (V2), checked here so that both databases refuse alike and in words
        if (title.length() > MAX_TITLE) {
            throw new IllegalArgumentException(
                    "title must be at most " + MAX_TITLE + " characters, not " + title.length());
        }
        if (textRef.isPresent() && textRef.get().length() > MAX_TEXT_REF) {
            throw new IllegalArgumentException(
                    "text_ref must be at most "
                            + MAX_TEXT_REF
                            + " characters, not "
                            + textRef.get().length());
        }
        if (status == AgreementStatus.EXPIRED) {
            throw new IllegalArgumentException("expired is derived from the dates, not stored");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(effectiveFrom)) {
            throw new IllegalArgumentException(
                    "the expiry ("
                            + expiresAt.get()
                            + ") must come after the effective date ("
                            + effectiveFrom
                            + ")");
        }
        if (signedOn.isPresent()
                && signedOn.get().atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(effectiveFrom)) {
            throw new IllegalArgumentException(
                    "the agreement takes effect ("
                            + effectiveFrom
                            + ") before it was signed ("
                            + signedOn.get()
                            + ")");
        }
        if (parties.isEmpty()) {
            throw new IllegalArgumentException("an agreement needs at least one other party");
        }
        if (kind == AgreementKind.SUBSCRIPTION && parties.size() != 1) {
            throw new IllegalArgumentException("a subscription has exactly one party");
        }
        for (Map.Entry<Area, AreaRules> e : areas.entrySet()) {
            if (e.getValue().area() != e.getKey()) {
                throw new IllegalArgumentException("areas must be keyed by their own area");
            }
        }
    }

    /** What holds at {@code now}: an active agreement is expired once the clock passes expiry. */
    public AgreementStatus statusAt(Instant now) {
        if (status == AgreementStatus.ACTIVE
                && expiresAt.isPresent()
                && !now.isBefore(expiresAt.get())) {
            return AgreementStatus.EXPIRED;
        }
        return status;
    }

    /** Whether the agreement lets anything flow at {@code now}: active, effective, not expired. */
    public boolean inForceAt(Instant now) {
        return statusAt(now) == AgreementStatus.ACTIVE && !now.isBefore(effectiveFrom);
    }

    public Agreement withStatus(AgreementStatus newStatus) {
        return new Agreement(
                id,
                kind,
                title,
                signedOn,
                effectiveFrom,
                expiresAt,
                newStatus,
                textRef,
                parties,
                areas);
    }
}
