ALTER TABLE invoices ADD CONSTRAINT uq_invoices_number UNIQUE (number); -- expect: SC712
