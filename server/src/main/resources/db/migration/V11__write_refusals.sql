-- Objects another organisation sent to this node (a TAXII POST from a partner or a constituent)
-- that the node refused, and why: the dashboard counts them per organisation (issue 11). Written in
-- the transaction of the chunk that refused them. Objects refused on a pull from a peer are the
-- peer's events (peer_events), never here. Only the latest few hundred per organisation are kept.
CREATE TABLE write_refusals (
    organisation_id VARCHAR(36)   NOT NULL REFERENCES organisations (id),
    at              BIGINT        NOT NULL,
    object_id       VARCHAR(300),
    message         VARCHAR(2000) NOT NULL
);

CREATE INDEX write_refusals_by_organisation ON write_refusals (organisation_id, at);
