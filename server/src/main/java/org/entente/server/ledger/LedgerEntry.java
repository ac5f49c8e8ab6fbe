package org.entente.server.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.stix.Tlp;

/**
 * One entry of the disclosure ledger: what the caller recorded ({@link Draft}) and where it sits in
 * the two hash chains, the global one ({@code seq}, {@code prevHash}, {@code hash}) and its
 * organisation's ({@code orgSeq}, {@code orgPrevHash}, {@code orgHash}). docs/ledger.md gives the
 * exact encoding the hashes are computed over.
 */
public record LedgerEntry(
        Draft draft,
        long seq,
        String prevHash,
        String hash,
        long orgSeq,
        String orgPrevHash,
        String orgHash) {

    public LedgerEntry {
        Objects.requireNonNull(draft, "draft");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, not " + seq);
        }
        if (orgSeq < 1) {
            throw new IllegalArgumentException("orgSeq must be at least 1, not " + orgSeq);
        }
        Hashing.requireHex("prevHash", prevHash);
        Hashing.requireHex("hash", hash);
        Hashing.requireHex("orgPrevHash", orgPrevHash);
        Hashing.requireHex("orgHash", orgHash);
    }

    /** What happened. */
    public enum Kind {
        /**
         * An object version went to another organisation (a TAXII page, an export, a push). Written
         * by nodes before page entries; still verified, exported and counted.
         */
        DISCLOSED,
        /**
         * Object versions went to another organisation in one page (a TAXII page, a push, a
         * feedback read) under one clause: {@code detail} lists them ({@link PageListing}), and the
         * object fields are empty. One entry instead of one per version (docs/adr/0011).
         */
        DISCLOSED_PAGE,
        /**
         * An object version came from another organisation (a pull, a push to us, an import).
         * Written by nodes before received pages; still verified, exported and counted.
         */
        RECEIVED,
        /**
         * Object versions came from another organisation and were stored in one transaction (a
         * chunk of a pull, of a partner's POST, of an import) under one clause: {@code detail}
         * lists them as a {@link #DISCLOSED_PAGE} entry does, and the object fields are empty
         * (docs/adr/0025).
         */
        RECEIVED_PAGE,
        /** An agreement with the organisation was created or changed; {@code detail} says how. */
        AGREEMENT_CHANGED;

        /** Whether entries of this kind list their object versions in {@code detail}. */
        public boolean lists() {
            return this == DISCLOSED_PAGE || this == RECEIVED_PAGE;
        }
    }

    public long at() {
        return draft.at();
    }

    public Kind kind() {
        return draft.kind();
    }

    public String orgId() {
        return draft.orgId();
    }

    /**
     * What a caller records. Every string is stored and hashed exactly as given, so the record
     * refuses what the databases or the canonical encoding cannot carry faithfully: control
     * characters (other than whitespace inside {@code detail}), unpaired surrogates, and values
     * longer than their columns ({@link EntryText}).
     *
     * @param at when, in microseconds since the epoch, from the caller's clock
     * @param kind what happened
     * @param principalId who acted on our side (the principal that was served, or that posted)
     * @param orgId the other organisation
     * @param agreementId the agreement that allowed it
     * @param area the area of cooperation, e.g. {@code information-exchange}
     * @param rule a short human text naming the clause that allowed it, e.g. {@code
     *     information-exchange: TLP up to AMBER, onward none}
     * @param objectId the STIX id of the object; required for disclosures and receipts
     * @param objectVersion the object's version ({@code modified}); required with {@code objectId}
     * @param objectType the STIX type; required with {@code objectId}
     * @param tlp the object's TLP as the node understood it
     * @param detail JSON text, e.g. an agreement's state before and after a change
     */
    public record Draft(
            long at,
            Kind kind,
            String principalId,
            String orgId,
            Optional<String> agreementId,
            Optional<String> area,
            String rule,
            Optional<String> objectId,
            Optional<String> objectVersion,
            Optional<String> objectType,
            Optional<Tlp> tlp,
            Optional<String> detail) {

        /** 2000-01-01T00:00:00Z: anything earlier is a clock in the wrong unit, not a date. */
        static final long EARLIEST = 946_684_800_000_000L;

        /** 9999-12-31T23:59:59.999999Z. */
        static final long LATEST = 253_402_300_799_999_999L;

        /** Largest {@code detail} accepted, in characters. */
        static final int MAX_DETAIL = 1 << 20;

        public Draft {
            if (at < EARLIEST || at > LATEST) {
                throw new IllegalArgumentException(
                        "at must be microseconds since the epoch between the years 2000 and 9999,"
                                + " not "
                                + at
                                + (at > 0 && at < EARLIEST
                                        ? " (seconds or milliseconds instead of microseconds?)"
                                        : ""));
            }
            Objects.requireNonNull(kind, "kind");
            principalId = EntryText.required("principalId", principalId, 200);
            orgId = EntryText.required("orgId", orgId, 200);
            agreementId = EntryText.optional("agreementId", agreementId, 200);
            area = EntryText.optional("area", area, 64);
            rule = EntryText.required("rule", rule, 1000);
            objectId = EntryText.optional("objectId", objectId, 300);
            objectVersion = EntryText.optional("objectVersion", objectVersion, 40);
            objectType = EntryText.optional("objectType", objectType, 250);
            Objects.requireNonNull(tlp, "tlp must be an Optional, not null");
            Objects.requireNonNull(detail, "detail must be an Optional, not null");
            if (kind.lists() && detail.isPresent() && !PageListing.justWritten(detail.get())) {
                EntryText.check("detail", detail.get(), MAX_DETAIL, false);
                try {
                    // its checks without its strings: a row of PostgreSQL's, read back
                    PackedListing.readText(detail.get(), v -> {});
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "detail of a " + kind + " entry: " + e.getMessage(), e);
                }
            } else if (!kind.lists()) {
                detail.ifPresent(d -> EntryText.json("detail", d, MAX_DETAIL));
            }
            if (kind.lists()) {
                if (objectId.isPresent()
                        || objectVersion.isPresent()
                        || objectType.isPresent()
                        || tlp.isPresent()) {
                    throw new IllegalArgumentException(
                            "a "
                                    + kind
                                    + " entry lists its object versions in detail; its"
                                    + " objectId, objectVersion, objectType and tlp must be empty");
                }
                if (agreementId.isEmpty() || area.isEmpty()) {
                    throw new IllegalArgumentException(
                            "agreementId and area are required for a " + kind + " entry");
                }
                if (detail.isEmpty()) {
                    throw new IllegalArgumentException(
                            "detail (the listing of object versions) is required for a "
                                    + kind
                                    + " entry");
                }
            } else if (kind != Kind.AGREEMENT_CHANGED
                    && (objectId.isEmpty() || objectVersion.isEmpty() || objectType.isEmpty())) {
                throw new IllegalArgumentException(
                        "objectId, objectVersion and objectType are required for a "
                                + kind
                                + " entry");
            }
            if (kind == Kind.AGREEMENT_CHANGED && agreementId.isEmpty()) {
                throw new IllegalArgumentException(
                        "agreementId is required for an AGREEMENT_CHANGED entry");
            }
            if (objectId.isPresent()
                    && objectType.isPresent()
                    && !objectId.get().startsWith(objectType.get() + "--")) {
                throw new IllegalArgumentException(
                        "objectId '"
                                + objectId.get()
                                + "' is not of objectType '"
                                + objectType.get()
                                + "'");
            }
        }

        /** An object version we gave to {@code orgId}. */
        public static Draft disclosed(
                long at,
                String principalId,
                String orgId,
                String agreementId,
                String area,
                String rule,
                String objectId,
                String objectVersion,
                Optional<Tlp> tlp) {
            return object(
                    Kind.DISCLOSED,
                    at,
                    principalId,
                    orgId,
                    agreementId,
                    area,
                    rule,
                    objectId,
                    objectVersion,
                    tlp);
        }

        /**
         * Object versions that went to {@code orgId} in one read ({@code DISCLOSED_PAGE}) or came
         * from it in one stored chunk ({@code RECEIVED_PAGE}) under one clause: one entry per
         * {@link PageListing#MAX_VERSIONS} of them, in their order.
         */
        public static List<Draft> pages(
                Kind kind,
                long at,
                String principalId,
                String orgId,
                String agreementId,
                String area,
                String rule,
                List<DisclosedVersion> versions) {
            if (!kind.lists()) {
                throw new IllegalArgumentException(kind + " entries do not list versions");
            }
            Objects.requireNonNull(agreementId, "agreementId");
            Objects.requireNonNull(area, "area");
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("a page entry lists at least one version");
            }
            List<Draft> drafts = new ArrayList<>(1 + versions.size() / PageListing.MAX_VERSIONS);
            for (int from = 0; from < versions.size(); from += PageListing.MAX_VERSIONS) {
                List<DisclosedVersion> part =
                        versions.subList(
                                from, Math.min(versions.size(), from + PageListing.MAX_VERSIONS));
                drafts.add(
                        new Draft(
                                at,
                                kind,
                                principalId,
                                orgId,
                                Optional.of(agreementId),
                                Optional.of(area),
                                rule,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(PageListing.write(part))));
            }
            return drafts;
        }

        /**
         * The object versions a page entry ({@code DISCLOSED_PAGE}, {@code RECEIVED_PAGE}) lists;
         * empty for other kinds.
         */
        public List<DisclosedVersion> listed() {
            return kind.lists() ? PageListing.read(detail.orElseThrow()) : List.of();
        }

        /** An object version we received from {@code orgId}. */
        public static Draft received(
                long at,
                String principalId,
                String orgId,
                String agreementId,
                String area,
                String rule,
                String objectId,
                String objectVersion,
                Optional<Tlp> tlp) {
            return object(
                    Kind.RECEIVED,
                    at,
                    principalId,
                    orgId,
                    agreementId,
                    area,
                    rule,
                    objectId,
                    objectVersion,
                    tlp);
        }

        /** A change to an agreement with {@code orgId}; {@code detail} is JSON (before/after). */
        public static Draft agreementChanged(
                long at,
                String principalId,
                String orgId,
                String agreementId,
                String rule,
                String detail) {
            Objects.requireNonNull(agreementId, "agreementId");
            Objects.requireNonNull(detail, "detail");
            return new Draft(
                    at,
                    Kind.AGREEMENT_CHANGED,
                    principalId,
                    orgId,
                    Optional.of(agreementId),
                    Optional.empty(),
                    rule,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(detail));
        }

        private static Draft object(
                Kind kind,
                long at,
                String principalId,
                String orgId,
                String agreementId,
                String area,
                String rule,
                String objectId,
                String objectVersion,
                Optional<Tlp> tlp) {
            Objects.requireNonNull(agreementId, "agreementId");
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(objectId, "objectId");
            Objects.requireNonNull(objectVersion, "objectVersion");
            int dashes = objectId.indexOf("--");
            if (dashes <= 0) {
                throw new IllegalArgumentException(
                        "objectId '" + objectId + "' is not a STIX id (type--uuid)");
            }
            return new Draft(
                    at,
                    kind,
                    principalId,
                    orgId,
                    Optional.of(agreementId),
                    Optional.of(area),
                    rule,
                    Optional.of(objectId),
                    Optional.of(objectVersion),
                    Optional.of(objectId.substring(0, dashes)),
                    tlp,
                    Optional.empty());
        }
    }
}
