-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
DROP INDEX idx_orders_placed_at; -- expect: SC702
DROP INDEX IF EXISTS public.idx_orders_status; -- expect: SC702
-- An index the migrations never created may be on a busy table: it counts as existing.
DROP INDEX idx_orders_legacy_lookup; -- expect: SC702
-- The index of an earlier file's materialized view: the view is locked against reads.
DROP INDEX idx_mv_order_counts_status; -- expect: SC702
DROP INDEX idx_orders_note, idx_orders_status_note; -- expect: SC702 SC702
-- A renamed index is still the existing table's.
ALTER INDEX idx_orders_id_status RENAME TO idx_orders_id_and_status;
DROP INDEX idx_orders_id_and_status; -- expect: SC702
