-- The listings of page entries (ledger_entries.detail, about 127 kB per 1,000 versions) are
-- compressed with lz4 where the server has it (PostgreSQL 14 and later built with lz4, as Debian's
-- and most distributions' are), instead of the default pglz. PostgreSQL only: SQLite stores them
-- as they are.
--
-- pglz took about a tenth of PostgreSQL's CPU while a partner paged (docs/benchmarks.md, "Session
-- 16": PostgreSQL's CPU per partner pass of 200 pages 0.55-0.72 s with lz4 against 0.64-0.75 s;
-- reading listings back cost the same with either). lz4 keeps a listing at about 8 kB where pglz
-- kept it at about 6.5 kB. Values already stored keep their compression; a server without lz4, or
-- older than 14, keeps its default, and says so in its log.
-- ledger.ListingCompressionTest holds this.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE ledger_entries ALTER COLUMN detail SET COMPRESSION lz4';
EXCEPTION
    WHEN feature_not_supported OR syntax_error OR undefined_object THEN
        RAISE NOTICE 'the ledger''s listings keep the server''s default compression: %', SQLERRM;
END
$$;
