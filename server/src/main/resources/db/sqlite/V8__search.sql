-- Full-text search for the console (issue 11 item 3, docs/adr/0015), SQLite's half: the one
-- dialect difference of the history, so it lives beside db/migration in a folder of its own
-- (db/postgresql/V8__search.sql is its twin). The tables are filled by the search indexer
-- (store.SearchIndexer) off the write path, from a watermark per collection: ingest never writes
-- here, and an object is searchable seconds after it is stored.

-- One row per indexed object version, numbered in the order the indexer reached it; the number is
-- the FTS5 rowid of its words, and search pages are keyset on it.
CREATE TABLE search_docs (
    doc          INTEGER NOT NULL PRIMARY KEY,
    s_collection INTEGER NOT NULL,
    s_added      BIGINT  NOT NULL,
    CONSTRAINT search_docs_object UNIQUE (s_collection, s_added)
);

-- The words of each version (name, description, pattern...: store.SearchText), contentless: the
-- text is indexed, not kept (the object's body is in objects). No foreign key reaches a virtual
-- table; a version deleted from objects leaves words that no longer join to anything.
CREATE VIRTUAL TABLE search_words USING fts5(
    words,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);

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
