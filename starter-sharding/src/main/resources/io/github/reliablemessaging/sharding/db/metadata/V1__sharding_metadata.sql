-- Metadata database of the sharded store (one per store, not per set).
CREATE TABLE shard_config (
  name  VARCHAR(64)  NOT NULL PRIMARY KEY,
  value VARCHAR(255) NOT NULL
);

-- slot -> set; version is the routing version in which the row last changed.
CREATE TABLE shard_routing (
  slot     INT         NOT NULL PRIMARY KEY,
  set_name VARCHAR(64) NOT NULL,
  version  BIGINT      NOT NULL,
  KEY idx_shard_routing_set (set_name)
);

-- The single global routing version; routers poll it and reload on change. 0 = not initialised.
CREATE TABLE shard_routing_version (
  id      TINYINT NOT NULL PRIMARY KEY,
  version BIGINT  NOT NULL
);
INSERT INTO shard_routing_version (id, version) VALUES (1, 0);

-- Broadcast writes that did not reach a set; re-applied in id order per set by the repair job.
CREATE TABLE broadcast_repair (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  set_name    VARCHAR(64)   NOT NULL,
  sql_text    TEXT          NOT NULL,
  params      BLOB          NULL,
  status      VARCHAR(16)   NOT NULL,
  attempts    INT           NOT NULL DEFAULT 0,
  last_error  VARCHAR(1000) NULL,
  created_at  TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  repaired_at TIMESTAMP     NULL,
  KEY idx_broadcast_repair_pending (set_name, status, id)
);
