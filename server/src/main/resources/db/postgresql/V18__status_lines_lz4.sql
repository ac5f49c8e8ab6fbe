-- A status resource's lines (status_chunks.successes and failures: a JSON array of about 94 kB a
-- chunk of 1,000 objects) are compressed with lz4 where the server has it, as the ledger's
-- listings are (V15), instead of the default pglz. PostgreSQL only: SQLite stores them as they
-- are.
--
-- Every chunk of a POST, an import and a pull writes its lines. On Debian's PostgreSQL 15, a
-- chunk's lines of random object ids took pglz 1.40-1.44 ms to compress against lz4's 0.28-0.43
-- ms (0.37 against 0.10 ms for the benchmarks' numbered ids), both to about 28 kB
-- (docs/benchmarks.md, "Session 44"): about a microsecond of the server's CPU an object. Values
-- already stored keep their compression; a server without lz4, or older than 14, keeps its
-- default, and says so in its log. store.StatusLinesCompressionTest holds this.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE status_chunks ALTER COLUMN successes SET COMPRESSION lz4, '
            'ALTER COLUMN failures SET COMPRESSION lz4';
EXCEPTION
    WHEN feature_not_supported OR syntax_error OR undefined_object THEN
        RAISE NOTICE 'the status lines keep the server''s default compression: %', SQLERRM;
END
$$;
