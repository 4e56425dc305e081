-- Ownership rows of this set. Every transaction through the routing DataSource first reads its slot's row with a
-- shared lock (storage fencing): OWNED = go ahead, FROZEN = writers wait, MOVED or no row = not this set's slot.
-- version = the routing version in which the row last changed.
CREATE TABLE slot_owner (
  slot       INT          NOT NULL PRIMARY KEY,
  state      VARCHAR(8)   NOT NULL,
  version    BIGINT       NOT NULL,
  changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT chk_slot_owner_state CHECK (state IN ('OWNED', 'FROZEN', 'MOVED'))
);
