-- Recall invitations (issue 13) go through the reminder outbox as reminders of kind 'recall':
-- the kind's CHECK constraint (named by PostgreSQL after its table and column) is widened.
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check
  CHECK (kind IN ('appointment', 'aftercare', 'recall'));
