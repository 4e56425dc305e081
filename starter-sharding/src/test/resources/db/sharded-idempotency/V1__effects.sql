-- ShardedIdempotencyTest: one row per applied listener body (no unique key on event_id, so a second effect shows).
CREATE TABLE idem_effects (
  id       BIGINT      NOT NULL PRIMARY KEY,
  slot     INT         NOT NULL,
  user_id  BIGINT      NOT NULL,
  event_id VARCHAR(64) NOT NULL,
  KEY idx_idem_effects_slot (slot, id)
);
