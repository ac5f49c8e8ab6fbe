-- Where the versions each page entry lists lie in date_added (docs/adr/0027): the object page's
-- lookup reads the listings of the entries whose span covers one of the object's versions, not
-- every listing since the object came. Derived, as an index is: no entry's hash covers it, and
-- `entente ledger verify` does not read it.
CREATE TABLE ledger_page_spans (
    seq         BIGINT NOT NULL PRIMARY KEY,
    added_from  BIGINT NOT NULL,
    added_to    BIGINT NOT NULL
);
CREATE INDEX ledger_page_spans_by_from ON ledger_page_spans (added_from, added_to, seq);

-- page entries before this position were written without a span: the lookup still reads theirs
CREATE TABLE ledger_spans_from (
    id   INTEGER NOT NULL PRIMARY KEY,
    seq  BIGINT  NOT NULL
);
INSERT INTO ledger_spans_from (id, seq) SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM ledger_entries;

-- the per-version entries of earlier releases, found by their object without a scan
CREATE INDEX ledger_entries_by_object ON ledger_entries (object_id) WHERE object_id IS NOT NULL;
