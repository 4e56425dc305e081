-- Ownership rows of this set: every write transaction reads its slot's row with a shared lock (storage fencing).
CREATE TABLE slot_owner (
  slot    INT         NOT NULL PRIMARY KEY,
  state   VARCHAR(8)  NOT NULL,
  version BIGINT      NOT NULL
);
