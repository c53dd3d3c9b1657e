CREATE POLICY orders_public_read ON orders FOR SELECT USING (true); -- expect: SC306
CREATE POLICY orders_or ON orders -- expect: SC306
    USING (tenant_id = (SELECT public.app_current_tenant_id()) OR is_public);
CREATE POLICY orders_text ON orders TO app_rw -- expect: SC306
    USING (tenant_id::text = current_setting('app.current_tenant_id', true));
CREATE POLICY orders_other_setting ON orders -- expect: SC306
    USING (tenant_id = current_setting('app.tenant', true)::uuid);
CREATE POLICY orders_owner ON orders FOR UPDATE -- expect: SC306
    USING (tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (owner_id = current_user::text);
ALTER POLICY tenant_isolation_policy ON orders USING (true); -- expect: SC306
CREATE POLICY tenants_all ON tenants TO app_admin, app_rw USING (true); -- expect: SC306
