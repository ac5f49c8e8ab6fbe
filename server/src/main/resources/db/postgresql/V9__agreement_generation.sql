-- The generation of the agreement tables (issue 10 item 1, docs/adr/0016), PostgreSQL's half: a
-- counter that every change to agreements, their parties and areas, and organisations moves on, in
-- the transaction that makes the change, so that nodes sharing this database may keep the policy's
-- scopes in memory and ask only this row whether they still hold. Triggers rather than the DAOs
-- bump it, so that no write path (another node, the command line, an operator's SQL) can change
-- what is shared without moving it. db/sqlite/V9__agreement_generation.sql is its twin.

CREATE TABLE agreement_generation (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);

INSERT INTO agreement_generation (id, generation) VALUES (1, 1);

-- NB: the row lock this takes serialises writers of the agreement tables until they commit; they
-- are an administrator's rare changes, never on the path of a read or an ingest.
CREATE FUNCTION bump_agreement_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER agreements_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreements
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_generation();

CREATE TRIGGER agreement_parties_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_parties
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_generation();

CREATE TRIGGER agreement_areas_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_areas
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_generation();

CREATE TRIGGER organisations_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_generation();
