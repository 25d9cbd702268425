-- A course's outcome time point that passes without a measurement (issue 15) opens a worklist
-- item of kind 'measurement_due': the kind's CHECK constraint (named by PostgreSQL after its
-- table and column) is widened.
ALTER TABLE worklist_items DROP CONSTRAINT worklist_items_kind_check;
ALTER TABLE worklist_items ADD CONSTRAINT worklist_items_kind_check
  CHECK (kind IN ('recall', 'reassess', 'adverse_follow_up', 'reminder_failed',
                  'measurement_due'));
