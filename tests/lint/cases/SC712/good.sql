ALTER TABLE orders ADD CONSTRAINT uq_orders_number UNIQUE USING INDEX uq_orders_number;
ALTER TABLE orders ADD CONSTRAINT pk_orders_new PRIMARY KEY USING INDEX idx_orders_new;
CREATE TABLE refunds (id uuid NOT NULL, number integer);
ALTER TABLE refunds ADD CONSTRAINT pk_refunds PRIMARY KEY (id), ADD CONSTRAINT uq_refunds_number UNIQUE (number);
