-- Every object row belongs to a collection that exists (issue 10, item 3), checked once per
-- statement instead of once per row. PostgreSQL only: SQLite keeps its foreign key, whose check
-- costs it little.
--
-- The foreign key of objects.collection_seq ran PostgreSQL's referential trigger for every row
-- written, a query and a row lock each: measured on a COPY of 100,000 rows, a third of the
-- statement's CPU, all of it spent while the collection's write lock is held. The same rule is now
-- kept by statement-level triggers over the rows a statement wrote (its transition table), and by
-- a trigger on collections for the other side: a collection holding objects is neither removed nor
-- renumbered. Like the foreign key's check, the insert's takes a key-share lock on the collections
-- named, so that none of them can go before the rows naming it commit.
-- store.CollectionReferenceTest holds both sides to it on both databases.

DO $$
DECLARE
    fk name;
BEGIN
    FOR fk IN
        SELECT conname FROM pg_constraint
         WHERE conrelid = 'objects'::regclass AND contype = 'f'
           AND confrelid = 'collections'::regclass
    LOOP
        EXECUTE format('ALTER TABLE objects DROP CONSTRAINT %I', fk);
    END LOOP;
END $$;

CREATE FUNCTION objects_collection_known() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named integer;
    known integer;
BEGIN
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

CREATE TRIGGER objects_collection_known_insert
    AFTER INSERT ON objects REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION objects_collection_known();

-- the store never moves a row to another collection; should a statement do so, the row is checked
-- (a trigger with a column list cannot have a transition table, and this one never fires)
CREATE FUNCTION objects_collection_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM collections c WHERE c.seq = NEW.collection_seq FOR KEY SHARE OF c;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'an object names a collection that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER objects_collection_known_update
    AFTER UPDATE OF collection_seq ON objects
    FOR EACH ROW WHEN (NEW.collection_seq IS DISTINCT FROM OLD.collection_seq)
    EXECUTE FUNCTION objects_collection_moved();

CREATE FUNCTION collections_keep_objects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM objects WHERE collection_seq = OLD.seq) THEN
        RAISE EXCEPTION 'collection % holds objects: it cannot be removed or renumbered', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER collections_keep_objects
    BEFORE DELETE OR UPDATE OF seq ON collections
    FOR EACH ROW EXECUTE FUNCTION collections_keep_objects();
