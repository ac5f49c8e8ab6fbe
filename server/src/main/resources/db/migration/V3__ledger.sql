-- The disclosure ledger (docs/ledger.md): append-only, hash-chained twice, once over all entries
-- and once per organisation. Portable SQL for SQLite and PostgreSQL, as in V1. No foreign keys:
-- the ledger outlives the principals, organisations, agreements and objects it names.

CREATE TABLE ledger_entries (
    -- position in the global chain: 1, 2, 3... without gaps
    seq            BIGINT        NOT NULL PRIMARY KEY,
    -- microseconds since the epoch, from the caller's clock
    at             BIGINT        NOT NULL,
    kind           VARCHAR(20)   NOT NULL,
    principal_id   VARCHAR(200)  NOT NULL,
    -- the other organisation: the recipient of a disclosure, the source of a receipt, the party
    -- to a changed agreement
    org_id         VARCHAR(200)  NOT NULL,
    agreement_id   VARCHAR(200),
    area           VARCHAR(64),
    rule           VARCHAR(1000) NOT NULL,
    object_id      VARCHAR(300),
    object_version VARCHAR(40),
    object_type    VARCHAR(250),
    tlp            VARCHAR(16),
    -- JSON text, hashed as written (an agreement's before and after)
    detail         TEXT,
    -- lower-case hex SHA-256; the first entry's previous hash is 64 zeros
    prev_hash      VARCHAR(64)   NOT NULL,
    hash           VARCHAR(64)   NOT NULL,
    -- position in the organisation's own chain, which its partner can verify alone
    org_seq        BIGINT        NOT NULL,
    org_prev_hash  VARCHAR(64)   NOT NULL,
    org_hash       VARCHAR(64)   NOT NULL,
    CONSTRAINT ledger_entries_org_seq_unique UNIQUE (org_id, org_seq)
);

-- exports and reports for one organisation over a period
CREATE INDEX ledger_entries_by_org_time ON ledger_entries (org_id, at);
-- reports over every organisation for a period
CREATE INDEX ledger_entries_by_time ON ledger_entries (at);

-- The end of the global chain. Appenders lock this one row for the rest of their transaction
-- (UPDATE, then read), which serializes them on PostgreSQL as SQLite's single writer does. It also
-- lets verification see entries removed from the end.
CREATE TABLE ledger_head (
    id   SMALLINT    NOT NULL PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL,
    CONSTRAINT ledger_head_one_row CHECK (id = 1)
);

INSERT INTO ledger_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The end of each organisation's chain; written only under the lock on ledger_head.
CREATE TABLE ledger_org_heads (
    org_id   VARCHAR(200) NOT NULL PRIMARY KEY,
    org_seq  BIGINT       NOT NULL,
    org_hash VARCHAR(64)  NOT NULL
);
