REINDEX INDEX idx_orders_placed_at; -- expect: SC715
REINDEX TABLE orders; -- expect: SC715
REINDEX (CONCURRENTLY false) TABLE orders; -- expect: SC715
REINDEX (VERBOSE) INDEX idx_invoices_number; -- expect: SC715
REINDEX SCHEMA public; -- expect: SC715
