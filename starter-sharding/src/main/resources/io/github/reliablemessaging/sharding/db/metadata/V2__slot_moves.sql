-- Online rebalancing: one row per rebalance (a batch of slot moves), one per slot move. A move runs one step at a
-- time; the row holds the step and everything needed to resume it after a crash (binlog checkpoint, copy and
-- verification cursors). Rows are kept after the move for the record.
CREATE TABLE shard_rebalance (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  status      VARCHAR(16)  NOT NULL,             -- RUNNING, PAUSED, DONE, ABORTED
  cutover     VARCHAR(16)  NOT NULL,             -- AUTO, MANUAL, SCHEDULED
  cutover_at  BIGINT       NULL,                 -- epoch ms. SCHEDULED: not before; MANUAL: set when the operator says go
  created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

CREATE TABLE shard_move (
  id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rebalance_id     VARCHAR(36)   NOT NULL,
  slot             INT           NOT NULL,
  source_set       VARCHAR(64)   NOT NULL,
  target_set       VARCHAR(64)   NOT NULL,
  mode             VARCHAR(16)   NOT NULL,       -- BINLOG, FREEZE_COPY
  step             VARCHAR(16)   NOT NULL,       -- see MoveStep
  binlog_file      VARCHAR(255)  NULL,           -- checkpoint: every change before it is applied on the target
  binlog_pos       BIGINT        NULL,
  copy_table       VARCHAR(64)   NULL,           -- copy / verification cursor: table and last primary key (JSON)
  copy_cursor      VARCHAR(2000) NULL,
  rows_total       BIGINT        NOT NULL DEFAULT 0,
  rows_copied      BIGINT        NOT NULL DEFAULT 0,
  changes_applied  BIGINT        NOT NULL DEFAULT 0,
  chunks_verified  BIGINT        NOT NULL DEFAULT 0,
  chunks_repaired  BIGINT        NOT NULL DEFAULT 0,
  checksum_state   VARCHAR(16)   NOT NULL DEFAULT 'PENDING',  -- PENDING, CHUNKS_OK, FINAL_OK, MISMATCH
  rows_deleted     BIGINT        NOT NULL DEFAULT 0,
  freeze_ms        BIGINT        NULL,
  flip_version     BIGINT        NULL,
  error            VARCHAR(2000) NULL,
  started_at       TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at       TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY idx_shard_move_rebalance (rebalance_id, id),
  KEY idx_shard_move_slot (slot, step)
);

-- Sets checked for receiving slots (POST sharding/sets): reachable, migrated, binlog checked. The planner gives slots
-- only to sets that own slots already or are listed here (shard_set lists every configured set from its first start).
CREATE TABLE shard_set_check (
  name            VARCHAR(64)   NOT NULL PRIMARY KEY,
  binlog_readable BOOLEAN       NOT NULL,
  binlog          VARCHAR(1000) NOT NULL,
  checked_at      TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
