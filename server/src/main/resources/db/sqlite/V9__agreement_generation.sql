-- The generation of the agreement tables (issue 10 item 1, docs/adr/0016), SQLite's half: a
-- counter that every change to agreements, their parties and areas, and organisations moves on, in
-- the transaction that makes the change, so that a node may keep the policy's scopes in memory and
-- ask only this row whether they still hold. Triggers rather than the DAOs bump it, so that no
-- write path (another node, the command line, an operator's SQL) can change what is shared without
-- moving it. db/postgresql/V9__agreement_generation.sql is its twin (statement triggers there).

CREATE TABLE agreement_generation (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);

INSERT INTO agreement_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER agreements_generation_insert AFTER INSERT ON agreements
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreements_generation_update AFTER UPDATE ON agreements
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreements_generation_delete AFTER DELETE ON agreements
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreement_parties_generation_insert AFTER INSERT ON agreement_parties
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreement_parties_generation_update AFTER UPDATE ON agreement_parties
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreement_parties_generation_delete AFTER DELETE ON agreement_parties
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreement_areas_generation_insert AFTER INSERT ON agreement_areas
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreement_areas_generation_update AFTER UPDATE ON agreement_areas
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER agreement_areas_generation_delete AFTER DELETE ON agreement_areas
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER organisations_generation_insert AFTER INSERT ON organisations
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER organisations_generation_update AFTER UPDATE ON organisations
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER organisations_generation_delete AFTER DELETE ON organisations
BEGIN
    UPDATE agreement_generation SET generation = generation + 1 WHERE id = 1;
END;
