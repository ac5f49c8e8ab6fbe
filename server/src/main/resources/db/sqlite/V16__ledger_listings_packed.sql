-- A page entry's listing (about 130 kB of canonical JSON per 1,000 versions) is stored packed on
-- SQLite, in about a fifth of its bytes (ledger.PackedListing, docs/adr/0041): the new column holds
-- it and detail is NULL. The hash still covers the canonical text, which every reader gets back.
-- Entries written before keep their text in detail; they are read and verified as before.
ALTER TABLE ledger_entries ADD COLUMN listing BLOB;
