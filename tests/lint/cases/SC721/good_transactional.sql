CREATE TABLE refunds (id uuid NOT NULL);
DROP TABLE refunds;
