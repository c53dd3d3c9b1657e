VACUUM FULL orders; -- expect: SC716
VACUUM (FULL, ANALYZE) orders; -- expect: SC716
VACUUM (FULL true) invoices; -- expect: SC716
CLUSTER orders USING idx_orders_placed_at; -- expect: SC716
CLUSTER; -- expect: SC716
