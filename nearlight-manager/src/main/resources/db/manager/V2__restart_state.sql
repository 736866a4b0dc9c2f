-- Issue #19: state that must survive a restart. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

-- Failed-authentication counters (AccountService lockout). Keyed by the SHA-256 of the user name, so a client's
-- arbitrary user-name strings are never stored; unknown names are counted the same way as known ones.
CREATE TABLE login_failure (
    name_digest      VARCHAR(64) NOT NULL PRIMARY KEY,
    fail_count       INT         NOT NULL,
    first_ms         BIGINT      NOT NULL,
    locked_until_ms  BIGINT      NOT NULL
);

-- The last events sent (Server-Sent-Events ids), for Last-Event-ID replay across restarts.
CREATE TABLE event_log (
    id       BIGINT          NOT NULL PRIMARY KEY,
    payload  VARCHAR(1000000) NOT NULL
);

-- An asynchronous compose records what it was asked and the system id it will create, so that after a crash it
-- can be resumed (compose is all or nothing and keyed by that id) or, when the system is already there, completed.
ALTER TABLE task ADD COLUMN request_body VARCHAR(1000000);
ALTER TABLE task ADD COLUMN system_id VARCHAR(64);
