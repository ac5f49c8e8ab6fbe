-- The column in which SQLite stores a page entry's listing packed (docs/adr/0041). PostgreSQL
-- keeps every listing as text in detail, compressed by lz4 (V15), and never writes this column;
-- it is here so that one set of queries reads the ledger on both databases, and a value put here
-- behind the node's back is read, and verified, as SQLite's would be.
ALTER TABLE ledger_entries ADD COLUMN listing BYTEA;
