-- a table created outside these migrations loses its policy
DROP POLICY tenant_isolation_policy ON orders; -- expect: SC304
