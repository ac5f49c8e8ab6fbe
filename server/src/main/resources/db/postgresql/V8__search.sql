-- Full-text search for the console (issue 11 item 3, docs/adr/0015), PostgreSQL's half: the one
-- dialect difference of the history, so it lives beside db/migration in a folder of its own
-- (db/sqlite/V8__search.sql is its twin). The tables are filled by the search indexer
-- (store.SearchIndexer) off the write path, from a watermark per collection: ingest never writes
-- here, and an object is searchable seconds after it is stored.

-- One row per indexed object version, numbered in the order the indexer reached it (search pages
-- are keyset on the number), with its words (name, description, pattern...: store.SearchText)
-- as a tsvector of the 'simple' configuration: words as they are, lower-cased, no stemming, which
-- is what SQLite's unicode61 tokenizer does on its side.
CREATE TABLE search_docs (
    doc          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    s_collection INTEGER  NOT NULL,
    s_added      BIGINT   NOT NULL,
    words        TSVECTOR NOT NULL,
    CONSTRAINT search_docs_object UNIQUE (s_collection, s_added)
);

CREATE INDEX search_docs_words ON search_docs USING GIN (words);

-- How far the indexer has read each collection: every version with a date_added up to this one is
-- indexed (date_added only grows within a collection, in commit order: store.ObjectDao).
CREATE TABLE search_marks (
    collection_seq INTEGER NOT NULL PRIMARY KEY,
    indexed_to     BIGINT  NOT NULL
);

-- What relationships and sightings point at, for an object's page: which versions in a collection
-- name an id as source, target or sighted object.
CREATE TABLE search_refs (
    collection_seq INTEGER      NOT NULL,
    ref            VARCHAR(300) NOT NULL,
    date_added     BIGINT       NOT NULL,
    CONSTRAINT search_refs_pk PRIMARY KEY (collection_seq, ref, date_added)
);
