-- Metadata database of the sharded store (one per store, not per set).

-- Fixed facts of the store, written once at initialisation: slots (count), hash (slot function name).
CREATE TABLE shard_config (
  name       VARCHAR(64)  NOT NULL PRIMARY KEY,
  value      VARCHAR(255) NOT NULL,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- Sets known to the store (the connection settings stay in each application's configuration).
CREATE TABLE shard_set (
  name       VARCHAR(64)  NOT NULL PRIMARY KEY,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- slot -> set; version is the routing version in which the row last changed.
CREATE TABLE shard_routing (
  slot     INT         NOT NULL PRIMARY KEY,
  set_name VARCHAR(64) NOT NULL,
  version  BIGINT      NOT NULL,
  KEY idx_shard_routing_set (set_name)
);

-- The one global routing version; routers poll it and reload on change. 0 = not initialised.
-- Every routing change increments it in the same transaction as the shard_routing rows it changes.
CREATE TABLE shard_routing_version (
  id         TINYINT      NOT NULL PRIMARY KEY,
  version    BIGINT       NOT NULL,
  changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
INSERT INTO shard_routing_version (id, version) VALUES (1, 0);

-- Journal of broadcast writes not yet applied to a set. A row is written for every set before the write is
-- tried, deleted once that set has it; what remains is re-applied in id order per set by the repair job.
-- (An AUTO_INCREMENT id is fine here: the metadata database is not sharded and these rows never move.)
CREATE TABLE broadcast_repair (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  write_id    VARCHAR(36)   NOT NULL,
  set_name    VARCHAR(64)   NOT NULL,
  sql_text    MEDIUMTEXT    NOT NULL,
  params      MEDIUMTEXT    NOT NULL,
  attempts    INT           NOT NULL DEFAULT 0,
  last_error  VARCHAR(1000) NULL,
  created_at  TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY idx_broadcast_repair_set (set_name, id)
);
