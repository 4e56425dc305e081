-- The sharded table of the slot-migration benchmark (the same shape as the starter's tests).
CREATE TABLE orders (
  id         BIGINT        NOT NULL PRIMARY KEY,
  slot       INT           NOT NULL,
  user_id    BIGINT        NOT NULL,
  status     VARCHAR(16)   NOT NULL,
  currency   CHAR(3)       NOT NULL,
  amount     DECIMAL(12,2) NOT NULL,
  created_at DATETIME(3)   NOT NULL,
  KEY idx_orders_slot (slot, id),
  KEY idx_orders_user (user_id, created_at)
);
