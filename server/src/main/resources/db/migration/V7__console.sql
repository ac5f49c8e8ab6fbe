-- The web console (issue 11): sign-in attempts, second factors and sessions, in the database so
-- that several nodes behind one load balancer serve one console. Portable SQL only.

-- Every console sign-in attempt and its outcome: the audit of logins and failed logins, and the
-- count the lock-out reads (failures of a name in the last minutes). The name is kept as typed,
-- also for names nobody holds, so that an unknown name locks as a real one does.
CREATE TABLE sign_in_events (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    at           BIGINT       NOT NULL,
    name         VARCHAR(200) NOT NULL,
    principal_id VARCHAR(36),
    outcome      VARCHAR(16)  NOT NULL,
    remote       VARCHAR(64)  NOT NULL
);

CREATE INDEX sign_in_events_by_name ON sign_in_events (name, at);
CREATE INDEX sign_in_events_by_time ON sign_in_events (at);

-- A person's TOTP secret (RFC 6238), sealed with the node's secrets key like peer credentials.
-- last_step is the last 30-second step whose code was accepted: a code is taken once, and only a
-- later step's code is accepted after it, on any node.
CREATE TABLE totp_secrets (
    principal_id VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES principals (id),
    sealed       VARCHAR(400) NOT NULL,
    enrolled_at  BIGINT       NOT NULL,
    last_step    BIGINT       NOT NULL
);

-- Spring Session JDBC's tables, as its own schema scripts have them, with two changes: one type
-- for the attribute bytes in both databases (BYTEA: PostgreSQL's binary type; SQLite takes any
-- type name and stores a BLOB value as it is given), and principal names as long as ours (200).
CREATE TABLE SPRING_SESSION (
    PRIMARY_ID            CHAR(36)     NOT NULL,
    SESSION_ID            CHAR(36)     NOT NULL,
    CREATION_TIME         BIGINT       NOT NULL,
    LAST_ACCESS_TIME      BIGINT       NOT NULL,
    MAX_INACTIVE_INTERVAL INT          NOT NULL,
    EXPIRY_TIME           BIGINT       NOT NULL,
    PRINCIPAL_NAME        VARCHAR(200),
    CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);

CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID CHAR(36)     NOT NULL,
    ATTRIBUTE_NAME     VARCHAR(200) NOT NULL,
    ATTRIBUTE_BYTES    BYTEA        NOT NULL,
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID)
        REFERENCES SPRING_SESSION (PRIMARY_ID) ON DELETE CASCADE
);
