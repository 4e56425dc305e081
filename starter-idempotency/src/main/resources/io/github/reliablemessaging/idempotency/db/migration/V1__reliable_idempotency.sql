-- Idempotency rows of @IdempotentListener (starter-idempotency). MySQL 8 and MariaDB 10.11+.
-- One row per (consumer group, key) consumed; inserted in the business transaction, before the business work.
-- VARBINARY: keys are compared byte for byte ('A' <> 'a', 'e' <> 'é', and trailing spaces count: the _bin
-- collations of MariaDB and of MySQL's utf8mb4_bin pad spaces, so 'k' and 'k ' would collide). UTF-8 bytes;
-- 764 bytes hold the 191 characters a key may have before it is hashed.
-- No AUTO_INCREMENT: rows move between shard sets with their slot.
-- created_at is epoch milliseconds (BIGINT): Connector/J drops the fraction of DATETIME(3) on MariaDB.
CREATE TABLE IF NOT EXISTS ${table} (
  consumer_group VARBINARY(764) NOT NULL,
  idem_key       VARBINARY(764) NOT NULL,
  slot           INT          NULL,
  topic          VARCHAR(249) NULL,
  partition_no   INT          NOT NULL,
  offset_no      BIGINT       NOT NULL,
  created_at     BIGINT       NOT NULL,
  PRIMARY KEY (consumer_group, idem_key),
  KEY idx_${table}_created_at (created_at),
  KEY idx_${table}_slot (slot)
) ENGINE=InnoDB ROW_FORMAT=DYNAMIC DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
