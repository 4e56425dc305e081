-- Sharded tables of the sample order service, migrated on every set by starter-sharding.
-- Every table carries the slot of the buyer (user_id); order numbers are SlotIdGenerator ids, so they carry it too.
-- Times are epoch milliseconds (BIGINT): Connector/J drops the fraction of DATETIME(3) values on MariaDB.

CREATE TABLE orders (
  order_no     BIGINT        NOT NULL PRIMARY KEY,
  slot         INT           NOT NULL,
  user_id      BIGINT        NOT NULL,
  status       VARCHAR(16)   NOT NULL,
  amount       DECIMAL(12,2) NOT NULL,
  version      INT           NOT NULL,
  created_at   BIGINT        NOT NULL,
  paid_at      BIGINT        NULL,
  shipped_at   BIGINT        NULL,
  completed_at BIGINT        NULL,
  cancelled_at BIGINT        NULL,
  updated_at   BIGINT        NOT NULL,
  KEY idx_orders_slot (slot, order_no),
  KEY idx_orders_user (user_id, order_no),
  KEY idx_orders_updated (updated_at)
);

-- Transactional outbox: written in the order's transaction, relayed to Kafka, deleted once Kafka acknowledged.
CREATE TABLE order_outbox (
  id         BIGINT        NOT NULL PRIMARY KEY,
  slot       INT           NOT NULL,
  order_no   BIGINT        NOT NULL,
  payload    VARCHAR(1024) NOT NULL,
  created_at BIGINT        NOT NULL,
  KEY idx_order_outbox_slot (slot, id)
);

-- Written by the fulfilment listener: one row per applied event (no unique key, so a duplicate effect would show).
CREATE TABLE order_timeline (
  id         BIGINT      NOT NULL PRIMARY KEY,
  slot       INT         NOT NULL,
  order_no   BIGINT      NOT NULL,
  user_id    BIGINT      NOT NULL,
  status     VARCHAR(16) NOT NULL,
  version    INT         NOT NULL,
  in_order   TINYINT     NOT NULL,
  event_at   BIGINT      NOT NULL,
  applied_at BIGINT      NOT NULL,
  KEY idx_order_timeline_slot (slot, id),
  KEY idx_order_timeline_order (order_no, id)
);

-- The fulfilment side's view of each order: last applied status and version.
CREATE TABLE order_projection (
  order_no   BIGINT      NOT NULL PRIMARY KEY,
  slot       INT         NOT NULL,
  user_id    BIGINT      NOT NULL,
  status     VARCHAR(16) NOT NULL,
  version    INT         NOT NULL,
  updated_at BIGINT      NOT NULL,
  KEY idx_order_projection_slot (slot, order_no)
);
