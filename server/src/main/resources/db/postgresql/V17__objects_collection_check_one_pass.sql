-- The check of V10 (every object row names a collection that exists) in one pass over the rows a
-- statement wrote, where every row names the same collection: the store writes a chunk into one
-- collection (store.ChunkWriter), so that is every statement it makes.
--
-- V10's check read the statement's rows twice (the collections named counted, then joined to
-- collections to take their key-share locks): its statements took 0.9 ms a chunk of 1,000 rows,
-- and measured on 500,000 rows in chunks of 1,000, COPY took 7.6-8.1 s with it, 6.8 s with no
-- check and 6.9 s with this one (docs/benchmarks.md, "Session 44"). Here the lowest and the
-- highest collection named are read in one pass; when they are the same, the collection's row is
-- locked (key-share, as before) and found, or the statement is refused. A statement naming
-- several collections is checked as before. store.CollectionReferenceTest holds both paths.

CREATE OR REPLACE FUNCTION objects_collection_known() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lowest integer;
    highest integer;
    named integer;
    known integer;
BEGIN
    SELECT min(collection_seq), max(collection_seq) INTO lowest, highest FROM written;
    IF lowest = highest THEN
        PERFORM 1 FROM collections c WHERE c.seq = lowest FOR KEY SHARE OF c;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'an object names a collection that does not exist'
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
    END IF;
    SELECT count(DISTINCT collection_seq) INTO named FROM written;
    SELECT count(*) INTO known
      FROM (SELECT c.seq FROM collections c
             WHERE c.seq IN (SELECT collection_seq FROM written)
               FOR KEY SHARE OF c) k;
    IF known <> named THEN
        RAISE EXCEPTION 'an object names a collection that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
