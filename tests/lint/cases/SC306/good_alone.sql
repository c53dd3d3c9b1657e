CREATE POLICY orders_tenant ON orders
    USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY orders_admin ON orders TO app_admin USING (true);
