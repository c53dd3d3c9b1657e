VACUUM (FULL false) orders;
VACUUM (ANALYZE) orders;
ANALYZE orders;
CREATE TABLE refunds (id uuid NOT NULL);
CREATE INDEX idx_refunds_id ON refunds (id);
CLUSTER refunds USING idx_refunds_id;
VACUUM FULL refunds;
