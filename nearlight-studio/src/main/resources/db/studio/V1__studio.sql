-- Nearlight studio schema (runs and named catalogues). Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.
-- Its own Flyway history table (nearlight_studio_schema_history) beside the fabric manager's, in the same database.

CREATE TABLE studio_run (
    id            VARCHAR(40)   NOT NULL PRIMARY KEY,
    seq           BIGINT        NOT NULL UNIQUE,
    kind          VARCHAR(16)   NOT NULL,
    name          VARCHAR(255)  NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    catalogue     VARCHAR(64),
    created_by    VARCHAR(64),
    created_at    VARCHAR(40)   NOT NULL,
    finished_at   VARCHAR(40),
    steps_done    INT           NOT NULL,
    steps_total   INT           NOT NULL,
    message       VARCHAR(2000),
    input_text    TEXT          NOT NULL,
    results_json  TEXT,
    results_csv   TEXT,
    report_html   TEXT,
    CONSTRAINT studio_run_kind CHECK (kind IN ('compare', 'sweep')),
    CONSTRAINT studio_run_state CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'))
);

CREATE TABLE studio_catalogue (
    name          VARCHAR(64)   NOT NULL PRIMARY KEY,
    yaml_text     TEXT          NOT NULL,
    created_at    VARCHAR(40)   NOT NULL
);
