-- Organisations, agreements and the provenance of objects (issue 3). Portable SQL only.

CREATE TABLE organisations (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    country     VARCHAR(2),
    sectors     VARCHAR(1000),
    contact     VARCHAR(1000),
    identity_id VARCHAR(300) NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT organisations_name_unique UNIQUE (name),
    CONSTRAINT organisations_identity_unique UNIQUE (identity_id)
);

ALTER TABLE principals ADD COLUMN organisation_id VARCHAR(36) REFERENCES organisations (id);
ALTER TABLE principals ADD COLUMN certificate_subject VARCHAR(500);

CREATE TABLE agreements (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    kind           VARCHAR(16)   NOT NULL,
    title          VARCHAR(300)  NOT NULL,
    signed_on      VARCHAR(10),
    effective_from BIGINT        NOT NULL,
    expires_at     BIGINT,
    status         VARCHAR(16)   NOT NULL,
    text_ref       VARCHAR(1000),
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL
);

CREATE TABLE agreement_parties (
    agreement_id    VARCHAR(36) NOT NULL REFERENCES agreements (id),
    organisation_id VARCHAR(36) NOT NULL REFERENCES organisations (id),
    CONSTRAINT agreement_parties_pk PRIMARY KEY (agreement_id, organisation_id)
);

CREATE INDEX agreement_parties_by_org ON agreement_parties (organisation_id);

-- The rules of one area of cooperation of an agreement. Lists are comma-separated; NULL means
-- no restriction.
CREATE TABLE agreement_areas (
    agreement_id   VARCHAR(36)  NOT NULL REFERENCES agreements (id),
    area           VARCHAR(64)  NOT NULL,
    direction      VARCHAR(8)   NOT NULL,
    tlp_ceiling    VARCHAR(16)  NOT NULL,
    object_types   VARCHAR(2000),
    labels_any     VARCHAR(2000),
    labels_none    VARCHAR(2000),
    min_confidence INTEGER      NOT NULL,
    onward         VARCHAR(16)  NOT NULL,
    feedback       SMALLINT     NOT NULL,
    anonymise      SMALLINT     NOT NULL,
    CONSTRAINT agreement_areas_pk PRIMARY KEY (agreement_id, area)
);

CREATE TABLE agreement_history (
    agreement_id VARCHAR(36)  NOT NULL REFERENCES agreements (id),
    seq          INTEGER      NOT NULL,
    at           BIGINT       NOT NULL,
    principal_id VARCHAR(36),
    change       VARCHAR(32)  NOT NULL,
    from_status  VARCHAR(16),
    to_status    VARCHAR(16)  NOT NULL,
    note         TEXT,
    CONSTRAINT agreement_history_pk PRIMARY KEY (agreement_id, seq)
);

-- Provenance: NULL origin means the object is our own.
ALTER TABLE objects ADD COLUMN origin_org VARCHAR(36);
ALTER TABLE objects ADD COLUMN origin_agreement VARCHAR(36);
ALTER TABLE objects ADD COLUMN origin_area VARCHAR(64);
ALTER TABLE objects ADD COLUMN confidence INTEGER;
-- labels as '|a|b|' so that a filter is a LIKE '%|a|%' on both databases
ALTER TABLE objects ADD COLUMN labels VARCHAR(4000);
