-- Sharded: has the slot column, indexed (slot, id); ids come from the application.
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

-- Broadcast: no slot column, kept in full on every set.
CREATE TABLE country (
  code CHAR(2)      NOT NULL PRIMARY KEY,
  name VARCHAR(64)  NOT NULL,
  vat  DECIMAL(5,2) NULL
);
