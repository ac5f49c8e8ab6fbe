-- Trust (issue 8) and one place for the sharing rule (issue 12): what the policy reads of each
-- object version, kept beside it. Portable SQL for SQLite and PostgreSQL, as in V1; the objects
-- table is rebuilt (the one portable way to change a table constraint on SQLite).
--
-- lineage        whose chain of versions a row belongs to: '' for our own objects, else the
--                organisation that sent it. Only a lineage's own organisation adds versions to it,
--                so another organisation can neither forge a newer version of an object nor learn,
--                by posting it, that an id it cannot read is held here (ADR 0009).
-- shadowed       1 when another lineage held the id in the collection first: the row is kept
--                apart, visible only to the organisation that sent it.
-- effective_tlp  the TLP the policy reads: the object's own by meaning, else the collection's
--                default, raised to the most restrictive TLP of any later version of its lineage
--                (re-marking a version upward withdraws the earlier ones).
-- onward_*       whose onward rule governs where the row may go next: its origin when received;
--                for our sighting of a received object, that object's origin.
-- names_us       whether the object names the local identity: 0 no, 1 in ways an anonymising area
--                strips (created_by_ref, an item of a list of references), 2 it cannot go
--                without us (our identity itself, a relationship to us...).
-- labels         lower-cased and escaped (store.Labels): one definition of label matching on both
--                databases.

CREATE TABLE objects_v6 (
    collection_seq   INTEGER      NOT NULL REFERENCES collections (seq),
    date_added       BIGINT       NOT NULL,
    stix_id          VARCHAR(300) NOT NULL,
    stix_type        VARCHAR(250) NOT NULL,
    spec_version     VARCHAR(8)   NOT NULL,
    version          VARCHAR(40)  NOT NULL,
    version_key      VARCHAR(40)  NOT NULL,
    is_first         SMALLINT     NOT NULL,
    is_last          SMALLINT     NOT NULL,
    tlp              VARCHAR(16),
    effective_tlp    VARCHAR(16)  NOT NULL,
    created_by       VARCHAR(300),
    body             TEXT         NOT NULL,
    lineage          VARCHAR(36)  NOT NULL,
    shadowed         SMALLINT     NOT NULL,
    origin_org       VARCHAR(36),
    origin_agreement VARCHAR(36),
    origin_area      VARCHAR(64),
    onward_org       VARCHAR(36),
    onward_agreement VARCHAR(36),
    onward_area      VARCHAR(64),
    confidence       INTEGER,
    labels           VARCHAR(4000),
    names_us         SMALLINT     NOT NULL,
    CONSTRAINT objects_v6_pk PRIMARY KEY (collection_seq, date_added),
    CONSTRAINT objects_v6_version_unique UNIQUE (collection_seq, stix_id, lineage, version_key)
);

INSERT INTO objects_v6 (collection_seq, date_added, stix_id, stix_type, spec_version, version,
                        version_key, is_first, is_last, tlp, effective_tlp, created_by, body,
                        lineage, shadowed, origin_org, origin_agreement, origin_area, onward_org,
                        onward_agreement, onward_area, confidence, labels, names_us)
SELECT o.collection_seq, o.date_added, o.stix_id, o.stix_type, o.spec_version, o.version,
       o.version_key, o.is_first, o.is_last, o.tlp, COALESCE(o.tlp, c.default_tlp), o.created_by,
       o.body, COALESCE(o.origin_org, ''), 0, o.origin_org, o.origin_agreement, o.origin_area,
       o.origin_org, o.origin_agreement, o.origin_area, o.confidence, LOWER(o.labels), 0
  FROM objects o
  JOIN collections c ON c.seq = o.collection_seq;

DROP TABLE objects;

ALTER TABLE objects_v6 RENAME TO objects;

-- re-marking upward withdraws earlier versions, also for what was stored before this migration
UPDATE objects SET effective_tlp = (
    SELECT CASE MAX(CASE l.effective_tlp WHEN 'CLEAR' THEN 0 WHEN 'GREEN' THEN 1
                                         WHEN 'AMBER' THEN 2 WHEN 'AMBER_STRICT' THEN 3
                                         ELSE 4 END)
           WHEN 0 THEN 'CLEAR' WHEN 1 THEN 'GREEN' WHEN 2 THEN 'AMBER'
           WHEN 3 THEN 'AMBER_STRICT' ELSE 'RED' END
      FROM objects l
     WHERE l.collection_seq = objects.collection_seq AND l.stix_id = objects.stix_id
       AND l.lineage = objects.lineage AND l.version_key >= objects.version_key)
 WHERE is_last = 0;

-- what was stored before: any mention of our identity is stripped when it goes out (and the object
-- withheld if it cannot be); our identity itself never goes under an anonymising area
UPDATE objects SET names_us = 1
 WHERE body LIKE '%' || (SELECT identity_id FROM organisations WHERE kind = 'LOCAL') || '%';
UPDATE objects SET names_us = 2
 WHERE stix_id = (SELECT identity_id FROM organisations WHERE kind = 'LOCAL');

CREATE INDEX objects_by_type ON objects (collection_seq, stix_type, date_added);
CREATE INDEX objects_last ON objects (collection_seq, date_added) WHERE is_last = 1;
