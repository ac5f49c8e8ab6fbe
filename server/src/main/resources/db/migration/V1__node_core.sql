-- One migration history for SQLite and PostgreSQL: portable SQL only.
-- Times are microseconds since the epoch (BIGINT); flags are 0/1 integers.

CREATE TABLE api_roots (
    name               VARCHAR(64)  NOT NULL PRIMARY KEY,
    title              VARCHAR(200) NOT NULL,
    description        TEXT,
    max_content_length BIGINT       NOT NULL
);

CREATE TABLE collections (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    -- a small number standing for the collection in the objects table and its indexes, where
    -- the 36-character id would be repeated in every row of every index
    seq         INTEGER      NOT NULL,
    api_root    VARCHAR(64)  NOT NULL REFERENCES api_roots (name),
    alias       VARCHAR(100),
    title       VARCHAR(200) NOT NULL,
    description TEXT,
    area        VARCHAR(64)  NOT NULL,
    default_tlp VARCHAR(16)  NOT NULL,
    -- the date_added of the newest object: writers lock this row, so date_added is strictly
    -- increasing in commit order and paging by it never skips an object
    last_added  BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT collections_alias_unique UNIQUE (api_root, alias),
    CONSTRAINT collections_seq_unique UNIQUE (seq)
);

CREATE TABLE objects (
    collection_seq INTEGER     NOT NULL REFERENCES collections (seq),
    date_added    BIGINT       NOT NULL,
    stix_id       VARCHAR(300) NOT NULL,
    stix_type     VARCHAR(250) NOT NULL,
    spec_version  VARCHAR(8)   NOT NULL,
    version       VARCHAR(40)  NOT NULL,
    -- version as a fixed-width string whose order is time order (nine fraction digits)
    version_key   VARCHAR(40)  NOT NULL,
    is_first      SMALLINT     NOT NULL,
    is_last       SMALLINT     NOT NULL,
    tlp           VARCHAR(16),
    created_by    VARCHAR(300),
    body          TEXT         NOT NULL,
    CONSTRAINT objects_pk PRIMARY KEY (collection_seq, date_added),
    CONSTRAINT objects_version_unique UNIQUE (collection_seq, stix_id, version_key)
);

CREATE INDEX objects_by_type ON objects (collection_seq, stix_type, date_added);
-- the latest versions, which every read without match[version] asks for; the first versions
-- are rarely asked for and read through the primary key with a filter
CREATE INDEX objects_last ON objects (collection_seq, date_added) WHERE is_last = 1;

CREATE TABLE statuses (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    api_root          VARCHAR(64)  NOT NULL,
    collection_id     VARCHAR(36)  NOT NULL REFERENCES collections (id),
    principal_id      VARCHAR(36)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    request_timestamp BIGINT       NOT NULL,
    total_count       INTEGER      NOT NULL,
    updated_at        BIGINT       NOT NULL
);

-- The outcome of each committed chunk of a POST, written in the chunk's own transaction: an
-- object is either stored and listed here, or absent.
CREATE TABLE status_chunks (
    status_id     VARCHAR(36) NOT NULL REFERENCES statuses (id),
    chunk         INTEGER     NOT NULL,
    success_count INTEGER     NOT NULL,
    failure_count INTEGER     NOT NULL,
    successes     TEXT        NOT NULL,
    failures      TEXT        NOT NULL,
    CONSTRAINT status_chunks_pk PRIMARY KEY (status_id, chunk)
);

CREATE TABLE principals (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    password_hash VARCHAR(200),
    disabled      SMALLINT     NOT NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT principals_name_unique UNIQUE (name)
);

CREATE TABLE tokens (
    hash         VARCHAR(64)  NOT NULL PRIMARY KEY,
    principal_id VARCHAR(36)  NOT NULL REFERENCES principals (id),
    label        VARCHAR(200) NOT NULL,
    created_at   BIGINT       NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT
);

CREATE INDEX tokens_by_principal ON tokens (principal_id);

CREATE TABLE collection_grants (
    principal_id  VARCHAR(36) NOT NULL REFERENCES principals (id),
    collection_id VARCHAR(36) NOT NULL REFERENCES collections (id),
    can_read      SMALLINT    NOT NULL,
    can_write     SMALLINT    NOT NULL,
    CONSTRAINT collection_grants_pk PRIMARY KEY (principal_id, collection_id)
);
