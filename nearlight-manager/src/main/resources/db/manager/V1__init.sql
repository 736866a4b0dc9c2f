-- Nearlight fabric manager schema. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

CREATE TABLE composed_system (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    host_block  VARCHAR(64)  NOT NULL,
    created_at  VARCHAR(40)  NOT NULL,
    version     BIGINT       NOT NULL
);

-- Every block bound to anything (a composed system, a reservation or a CXL memory connection) has exactly one row
-- here: the primary key on block_id makes it impossible for a block to belong to two owners.
CREATE TABLE block_assignment (
    block_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_kind  VARCHAR(16)  NOT NULL,
    owner_id    VARCHAR(64)  NOT NULL,
    CONSTRAINT block_owner_kind CHECK (owner_kind IN ('System', 'Reservation', 'Connection'))
);
CREATE INDEX block_assignment_owner ON block_assignment (owner_kind, owner_id);

CREATE TABLE reservation (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at  VARCHAR(40)  NOT NULL
);

CREATE TABLE memory_connection (
    id            VARCHAR(64) NOT NULL PRIMARY KEY,
    host_block    VARCHAR(64) NOT NULL,
    created_at    VARCHAR(40) NOT NULL
);

CREATE TABLE account (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_name      VARCHAR(64)  NOT NULL UNIQUE,
    password_hash  VARCHAR(100) NOT NULL,
    role_id        VARCHAR(32)  NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    version        BIGINT       NOT NULL,
    CONSTRAINT account_role CHECK (role_id IN ('Administrator', 'Operator', 'ReadOnly'))
);

CREATE TABLE web_session (
    id          VARCHAR(64) NOT NULL PRIMARY KEY,
    token_hash  VARCHAR(64) NOT NULL UNIQUE,
    account_id  VARCHAR(64) NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at  VARCHAR(40) NOT NULL
);

CREATE TABLE subscription (
    id               VARCHAR(64)   NOT NULL PRIMARY KEY,
    destination      VARCHAR(1024) NOT NULL,
    context          VARCHAR(1024) NOT NULL,
    protocol         VARCHAR(16)   NOT NULL,
    retry_attempts   INT           NOT NULL,
    retry_interval_s INT           NOT NULL,
    created_at       VARCHAR(40)   NOT NULL
);

CREATE TABLE fabric_zone (
    id          VARCHAR(64)  NOT NULL,
    fabric      VARCHAR(16)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    PRIMARY KEY (fabric, id)
);

CREATE TABLE fabric_zone_endpoint (
    fabric      VARCHAR(16) NOT NULL,
    zone_id     VARCHAR(64) NOT NULL,
    endpoint_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (fabric, zone_id, endpoint_id),
    FOREIGN KEY (fabric, zone_id) REFERENCES fabric_zone (fabric, id) ON DELETE CASCADE
);

-- Injected or detected faults per switch port; survive restarts so degraded state does too.
CREATE TABLE port_fault (
    fabric      VARCHAR(16) NOT NULL,
    switch_id   VARCHAR(64) NOT NULL,
    port_id     VARCHAR(64) NOT NULL,
    fault       VARCHAR(32) NOT NULL,
    since       VARCHAR(40) NOT NULL,
    PRIMARY KEY (fabric, switch_id, port_id),
    CONSTRAINT port_fault_kind CHECK (fault IN ('LinkDown', 'PortFailure', 'DeviceRemoval'))
);

CREATE TABLE task (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    state       VARCHAR(32)   NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    message     VARCHAR(1024) NOT NULL,
    target_uri  VARCHAR(255),
    start_time  VARCHAR(40)   NOT NULL,
    end_time    VARCHAR(40)
);

CREATE TABLE setting (
    name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    val    VARCHAR(255) NOT NULL
);
