-- Federation (issue 4, docs/federation.md): partner nodes we pull from and push to, the cursors of
-- each of their collections, pushes to retry, and what went wrong. Portable SQL for SQLite and
-- PostgreSQL, as in V1: times are microseconds since the epoch, flags 0/1 integers.

CREATE TABLE peers (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    name            VARCHAR(64)   NOT NULL,
    organisation_id VARCHAR(36)   NOT NULL REFERENCES organisations (id),
    -- the agreement the peering serves (shown with its health; the policy reads every agreement
    -- in force with the organisation)
    agreement_id    VARCHAR(36)   REFERENCES agreements (id),
    -- the principal the peer acts as in this node: what we pull is written as it, what we push is
    -- read as it, so the policy and the ledger see one partner however objects travel
    principal_id    VARCHAR(36)   NOT NULL REFERENCES principals (id),
    url             VARCHAR(1000) NOT NULL,
    -- NULL: the default API root of the peer's discovery resource
    api_root        VARCHAR(1000),
    auth_kind       VARCHAR(8)    NOT NULL,
    auth_user       VARCHAR(200),
    -- the token or password, sealed with the node's secrets key (docs/adr/0005)
    auth_secret     TEXT,
    -- PEM: the peer's certificate or its CA; NULL trusts the JDK's CAs
    trust_pem       TEXT,
    -- PEM: our client certificate chain, and its PKCS#8 key sealed like auth_secret
    client_cert_pem TEXT,
    client_key      TEXT,
    pull            SMALLINT      NOT NULL,
    push            SMALLINT      NOT NULL,
    enabled         SMALLINT      NOT NULL,
    created_at      BIGINT        NOT NULL,
    -- who runs the peer's sync now and until when: one node at a time, also when several nodes
    -- share one PostgreSQL or the CLI syncs beside a running node
    lease_owner     VARCHAR(64),
    lease_until     BIGINT,
    -- health, kept across restarts
    last_attempt_at BIGINT,
    last_success_at BIGINT,
    caught_up_at    BIGINT,
    -- the peer's date_added of the newest object pulled
    newest_seen     BIGINT,
    failures        INTEGER       NOT NULL,
    received        BIGINT        NOT NULL,
    refused         BIGINT        NOT NULL,
    sent            BIGINT        NOT NULL,
    rejected        BIGINT        NOT NULL,
    CONSTRAINT peers_name_unique UNIQUE (name)
);

-- The collections a peer opens to us, what each maps to here, and the cursors. A cursor moves in
-- the transaction that commits what it covers (docs/federation.md, "Cursors and crashes").
CREATE TABLE peer_collections (
    peer_id          VARCHAR(36)   NOT NULL REFERENCES peers (id),
    remote_id        VARCHAR(300)  NOT NULL,
    remote_alias     VARCHAR(100),
    remote_title     VARCHAR(200),
    can_read         SMALLINT      NOT NULL,
    can_write        SMALLINT      NOT NULL,
    -- NULL: not mapped to any collection of ours, so nothing flows through it
    local_collection VARCHAR(36)   REFERENCES collections (id),
    -- pull: the X-TAXII-Date-Added-Last of the last page stored, exactly as the peer wrote it; and
    -- the next of a walk not finished, for peers that send no such header
    pull_after       VARCHAR(40),
    pull_next        VARCHAR(1000),
    -- push: our objects up to this date_added were sent and the peer's answer recorded
    push_after       BIGINT        NOT NULL,
    -- a page sent up to this date_added whose answer was not recorded (the node died): before it
    -- is sent again the peer is asked what it already holds
    push_pending     BIGINT,
    -- feedback: our sightings up to this date_added were considered
    feedback_after   BIGINT        NOT NULL,
    listed_at        BIGINT        NOT NULL,
    CONSTRAINT peer_collections_pk PRIMARY KEY (peer_id, remote_id)
);

-- Objects of ours a peer refused (its status resource said why), retried with backoff.
CREATE TABLE peer_push_failures (
    peer_id         VARCHAR(36)   NOT NULL REFERENCES peers (id),
    remote_id       VARCHAR(300)  NOT NULL,
    stix_id         VARCHAR(300)  NOT NULL,
    version         VARCHAR(40)   NOT NULL,
    message         VARCHAR(2000) NOT NULL,
    attempts        INTEGER       NOT NULL,
    -- NULL once given up
    next_attempt_at BIGINT,
    first_failed_at BIGINT        NOT NULL,
    CONSTRAINT peer_push_failures_pk PRIMARY KEY (peer_id, remote_id, stix_id, version)
);

-- What went wrong with a peer and why: failed runs, objects we refused, objects it refused. Only
-- the latest few hundred per peer are kept.
CREATE TABLE peer_events (
    peer_id   VARCHAR(36)   NOT NULL REFERENCES peers (id),
    at        BIGINT        NOT NULL,
    kind      VARCHAR(16)   NOT NULL,
    remote_id VARCHAR(300),
    object_id VARCHAR(300),
    message   VARCHAR(2000) NOT NULL
);

CREATE INDEX peer_events_by_peer ON peer_events (peer_id, at);
