-- Tenant isolation that holds against a hostile application session (a login that is a member of
-- app_rw, app_ro or app_admin, with its tenant context set correctly). Each section closes a class:
--   1. shadowing: every function pins search_path (pg_temp last) and schema-qualifies what it uses;
--   2. temporary objects: no TEMPORARY on the database for PUBLIC and the application roles;
--   3. locks: no application role holds table-level UPDATE, DELETE, TRUNCATE or MAINTAIN, nor a
--      predefined role that grants them; updates per column, deletes through definer functions;
--   4. ledger integrity: postings copy their allocation's amount, posted allocations are frozen, rows
--      are inserted unverified, verification needs a completed run of the tenant, runs move
--      idle -> running -> completed | failed, an event is posted under one model version;
--   5. append-only guards let a delete through only when the row's tenant is being deleted;
--   6. tenant-scoped keys: PRIMARY KEY (tenant_id, id) from the indexes of 0004, foreign keys
--      re-pointed at them (NOT VALID here, validated by 0006), no planner statistics on tenant_id;
--   7. value sanity: timestamps finite and in range, created_at set by the server, model_version and
--      idempotency keys free of empty, whitespace-only and control-character values.
-- New constraints on existing tables are NOT VALID here and validated by 0006 (no long locks).
-- Runs as a superuser until SET LOCAL ROLE (database privileges, role memberships, statistics).

-- ---------------------------------------------------------------------------------------------
-- 2. No temporary objects for the application: a temp table, view, type or function of one session
-- shadows the real one (pg_temp is searched first for relations and types) on a pooled connection.
-- 3. No predefined role that grants UPDATE/DELETE/MAINTAIN everywhere (LOCK TABLE in blocking modes)
-- or reads every row regardless of grants.
-- ---------------------------------------------------------------------------------------------
DO $temporary$
BEGIN
    EXECUTE pg_catalog.format(
        'REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC, app_rw, app_ro, app_admin',
        pg_catalog.current_database()
    );
END
$temporary$;

DO $predefined$
DECLARE
    membership record;
BEGIN
    FOR membership IN
        SELECT granted.rolname AS granted, member.rolname AS grantee
        FROM pg_catalog.pg_auth_members AS m
        JOIN pg_catalog.pg_roles AS granted ON granted.oid OPERATOR(pg_catalog.=) m.roleid
        JOIN pg_catalog.pg_roles AS member ON member.oid OPERATOR(pg_catalog.=) m.member
        WHERE granted.rolname OPERATOR(pg_catalog.~) '^pg_'
          AND member.rolname OPERATOR(pg_catalog.=) ANY (ARRAY['app_rw', 'app_ro', 'app_admin'])
    LOOP
        EXECUTE pg_catalog.format('REVOKE %I FROM %I', membership.granted, membership.grantee);
    END LOOP;
END
$predefined$;

-- 6. Planner statistics on tenant_id let a session with no tenant (or any tenant) tell which tenant
-- ids exist and how many rows each has from EXPLAIN row estimates (uuid equality is leakproof, so the
-- planner uses the statistics even under RLS). SET STATISTICS 0 (below) stops ANALYZE from collecting
-- them; the ones collected so far are removed here (a superuser's DML on pg_statistic).
DELETE FROM pg_catalog.pg_statistic AS s
USING pg_catalog.pg_attribute AS a
WHERE a.attrelid OPERATOR(pg_catalog.=) s.starelid
  AND a.attnum OPERATOR(pg_catalog.=) s.staattnum
  AND a.attname OPERATOR(pg_catalog.=) 'tenant_id'
  AND s.starelid OPERATOR(pg_catalog.=) ANY (ARRAY[
      'public.attribution_events'::pg_catalog.regclass,
      'public.dead_events'::pg_catalog.regclass,
      'public.attribution_allocations'::pg_catalog.regclass,
      'public.reconciliation_runs'::pg_catalog.regclass,
      'public.revenue_ledger'::pg_catalog.regclass,
      'public.allocation_sum_guards'::pg_catalog.regclass
  ]);

SET LOCAL ROLE migration_owner;

ALTER TABLE attribution_events ALTER COLUMN tenant_id SET STATISTICS 0;
ALTER TABLE dead_events ALTER COLUMN tenant_id SET STATISTICS 0;
ALTER TABLE attribution_allocations ALTER COLUMN tenant_id SET STATISTICS 0;
ALTER TABLE reconciliation_runs ALTER COLUMN tenant_id SET STATISTICS 0;
ALTER TABLE revenue_ledger ALTER COLUMN tenant_id SET STATISTICS 0;
ALTER TABLE allocation_sum_guards ALTER COLUMN tenant_id SET STATISTICS 0;

-- ---------------------------------------------------------------------------------------------
-- 6. Tenant-scoped keys. The foreign keys that used the uq_*_tenant_id_id constraints are dropped,
-- the global primary keys give way to PRIMARY KEY (tenant_id, id) on the indexes 0004 built, and the
-- foreign keys come back NOT VALID on the new keys (checked for new rows at once; 0006 validates).
-- ---------------------------------------------------------------------------------------------
ALTER TABLE attribution_allocations DROP CONSTRAINT fk_attribution_allocations_tenant_event;
ALTER TABLE allocation_sum_guards DROP CONSTRAINT fk_allocation_sum_guards_tenant_event;
ALTER TABLE revenue_ledger DROP CONSTRAINT fk_revenue_ledger_tenant_allocation;
ALTER TABLE revenue_ledger DROP CONSTRAINT fk_revenue_ledger_tenant_reconciliation_run;

ALTER TABLE attribution_events DROP CONSTRAINT uq_attribution_events_tenant_id_id;
ALTER TABLE attribution_events DROP CONSTRAINT pk_attribution_events;
ALTER TABLE attribution_events
    ADD CONSTRAINT pk_attribution_events PRIMARY KEY USING INDEX idx_attribution_events_tenant_id_id;

ALTER TABLE dead_events DROP CONSTRAINT pk_dead_events;
ALTER TABLE dead_events ADD CONSTRAINT pk_dead_events PRIMARY KEY USING INDEX idx_dead_events_tenant_id_id;

ALTER TABLE attribution_allocations DROP CONSTRAINT uq_attribution_allocations_tenant_id_id;
ALTER TABLE attribution_allocations DROP CONSTRAINT pk_attribution_allocations;
ALTER TABLE attribution_allocations
    ADD CONSTRAINT pk_attribution_allocations PRIMARY KEY USING INDEX idx_attribution_allocations_tenant_id_id;

ALTER TABLE reconciliation_runs DROP CONSTRAINT uq_reconciliation_runs_tenant_id_id;
ALTER TABLE reconciliation_runs DROP CONSTRAINT pk_reconciliation_runs;
ALTER TABLE reconciliation_runs
    ADD CONSTRAINT pk_reconciliation_runs PRIMARY KEY USING INDEX idx_reconciliation_runs_tenant_id_id;

ALTER TABLE revenue_ledger DROP CONSTRAINT pk_revenue_ledger;
ALTER TABLE revenue_ledger ADD CONSTRAINT pk_revenue_ledger PRIMARY KEY USING INDEX idx_revenue_ledger_tenant_id_id;

ALTER TABLE attribution_allocations
    ADD CONSTRAINT fk_attribution_allocations_tenant_event FOREIGN KEY (tenant_id, event_id)
        REFERENCES attribution_events (tenant_id, id) ON DELETE CASCADE NOT VALID;
ALTER TABLE allocation_sum_guards
    ADD CONSTRAINT fk_allocation_sum_guards_tenant_event FOREIGN KEY (tenant_id, event_id)
        REFERENCES attribution_events (tenant_id, id) ON DELETE CASCADE NOT VALID;
ALTER TABLE revenue_ledger
    ADD CONSTRAINT fk_revenue_ledger_tenant_allocation FOREIGN KEY (tenant_id, allocation_id)
        REFERENCES attribution_allocations (tenant_id, id) NOT VALID;
ALTER TABLE revenue_ledger
    ADD CONSTRAINT fk_revenue_ledger_tenant_reconciliation_run FOREIGN KEY (tenant_id, reconciliation_run_id)
        REFERENCES reconciliation_runs (tenant_id, id) NOT VALID;

COMMENT ON COLUMN attribution_events.id IS 'Event identifier (uuid). With tenant_id the primary key: ids are scoped to their tenant.';
COMMENT ON COLUMN dead_events.id IS 'Dead event identifier (uuid). With tenant_id the primary key: ids are scoped to their tenant.';
COMMENT ON COLUMN attribution_allocations.id IS 'Allocation identifier (uuid). With tenant_id the primary key: ids are scoped to their tenant.';
COMMENT ON COLUMN reconciliation_runs.id IS 'Reconciliation run identifier (uuid). With tenant_id the primary key: ids are scoped to their tenant.';
COMMENT ON COLUMN revenue_ledger.id IS 'Ledger entry identifier (uuid). With tenant_id the primary key: ids are scoped to their tenant.';
COMMENT ON COLUMN revenue_ledger.allocation_id IS 'Allocation this entry posts, if any (allocation-based posting). Unique per tenant: an allocation posts to the ledger at most once.';

-- ---------------------------------------------------------------------------------------------
-- 7. Value sanity (NOT VALID: existing rows are checked by 0006).
-- ---------------------------------------------------------------------------------------------
ALTER TABLE attribution_events
    ADD CONSTRAINT ck_attribution_events_occurred_at_range CHECK {{ timestamp_in_range('occurred_at') }} NOT VALID;
ALTER TABLE attribution_events
    ADD CONSTRAINT ck_attribution_events_external_event_id_clean CHECK {{ clean_text('external_event_id') }} NOT VALID;
ALTER TABLE dead_events
    ADD CONSTRAINT ck_dead_events_external_event_id_clean CHECK {{ clean_text('external_event_id') }} NOT VALID;
ALTER TABLE attribution_allocations
    ADD CONSTRAINT ck_attribution_allocations_model_version_clean CHECK {{ clean_text('model_version') }} NOT VALID;
ALTER TABLE reconciliation_runs
    ADD CONSTRAINT ck_reconciliation_runs_last_run_at_range CHECK {{ timestamp_in_range('last_run_at') }} NOT VALID;
ALTER TABLE revenue_ledger
    ADD CONSTRAINT ck_revenue_ledger_verified_at_range CHECK {{ timestamp_in_range('verified_at') }} NOT VALID;
ALTER TABLE revenue_ledger
    ADD CONSTRAINT ck_revenue_ledger_verified_by_run CHECK (is_verified = (reconciliation_run_id IS NOT NULL)) NOT VALID;

COMMENT ON COLUMN attribution_events.occurred_at IS 'Domain-specific event timestamp (when event occurred). Finite, not before 2000-01-01 (ck_attribution_events_occurred_at_range) and at most one day after the server''s time when written (trigger).';
COMMENT ON COLUMN attribution_events.external_event_id IS 'External event ID from source system (e.g., Shopify order ID, PayPal transaction ID). Idempotency key: not empty, no leading or trailing whitespace, no control characters.';
COMMENT ON COLUMN attribution_events.created_at IS 'Record creation timestamp, set by the server on INSERT (whatever the client sends). Audit trail.';
COMMENT ON COLUMN attribution_allocations.model_version IS 'Version of the attribution model that produced the allocation: not empty, no leading or trailing whitespace, no control characters. Allocations are summed per (event_id, model_version); an event is posted under one version.';
COMMENT ON COLUMN reconciliation_runs.last_run_at IS 'Timestamp of the last reconciliation run. Finite, not before 2000-01-01 and at most one day ahead when written. Contract mapping: last_run_at (string date-time) -> last_run_at (timestamptz).';
COMMENT ON COLUMN reconciliation_runs.state IS 'State of the run: inserted idle or running, then idle -> running -> completed | failed; completed and failed are final (trigger). Contract mapping: state enum (idle|running|failed|completed) -> state VARCHAR(20) CHECK.';
COMMENT ON COLUMN revenue_ledger.verified_at IS 'Timestamp when revenue was verified: finite, not before 2000-01-01, at most one minute ahead of the server when set.';
COMMENT ON COLUMN revenue_ledger.reconciliation_run_id IS 'The completed reconciliation run of the same tenant that verified this entry; set with is_verified, never at INSERT.';
COMMENT ON COLUMN revenue_ledger.revenue_cents IS 'Revenue amount in cents (INTEGER), immutable once written; a posting carries its allocation''s allocated_revenue_cents. Contract mapping: total_revenue (number float) -> revenue_cents (integer).';
COMMENT ON COLUMN dead_events.ingested_at IS 'Timestamp when failure occurred, set by the server on INSERT. Failure time tracking.';

-- ---------------------------------------------------------------------------------------------
-- 4. One model version per posted event: the version an event was first posted under. The posting
-- trigger claims it (INSERT ... ON CONFLICT DO NOTHING waits for a concurrent claim of the same event,
-- then reads the winner), so two transactions cannot post one event under two versions.
-- ---------------------------------------------------------------------------------------------
-- schemactl: allow SC203 because the row is identified by its event (one row per posted event) and nothing references it
CREATE TABLE posted_event_versions (
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    model_version text NOT NULL,
    posted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_posted_event_versions PRIMARY KEY (tenant_id, event_id),
    CONSTRAINT fk_posted_event_versions_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT fk_posted_event_versions_tenant_event FOREIGN KEY (tenant_id, event_id)
        REFERENCES attribution_events (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ck_posted_event_versions_model_version_clean CHECK {{ clean_text('model_version') }}
);
ALTER TABLE posted_event_versions ALTER COLUMN tenant_id SET STATISTICS 0;
COMMENT ON TABLE posted_event_versions IS 'Internal: the one attribution model version under which each event is posted to revenue_ledger (revenue_ledger_post() claims it on the first posting). Non-PII.';
COMMENT ON COLUMN posted_event_versions.tenant_id IS 'Tenant of the event. Tenant isolation.';
COMMENT ON COLUMN posted_event_versions.event_id IS 'The posted event.';
COMMENT ON COLUMN posted_event_versions.model_version IS 'The model version of every allocation of the event posted to the ledger.';
COMMENT ON COLUMN posted_event_versions.posted_at IS 'When the event was first posted.';
{{ tenant_table_v2('posted_event_versions') }}
-- Events an existing ledger already posts: claimed under the version of their first (lowest) posted
-- allocation version. Read and written with rls_definer's BYPASSRLS, which sees every tenant.
GRANT SELECT, INSERT ON posted_event_versions TO rls_definer;
SET LOCAL ROLE rls_definer;
INSERT INTO public.posted_event_versions (tenant_id, event_id, model_version)
SELECT DISTINCT ON (a.tenant_id, a.event_id) a.tenant_id, a.event_id, a.model_version
FROM public.revenue_ledger AS l
JOIN public.attribution_allocations AS a ON a.tenant_id = l.tenant_id AND a.id = l.allocation_id
ORDER BY a.tenant_id, a.event_id, a.model_version
ON CONFLICT (tenant_id, event_id) DO NOTHING;
SET LOCAL ROLE migration_owner;
REVOKE ALL ON posted_event_versions FROM rls_definer;

-- ---------------------------------------------------------------------------------------------
-- 1. Functions: search_path pinned with pg_temp last, every type, function and (where a name could
-- be resolved elsewhere) operator schema-qualified. Trigger functions run with the rights of the
-- session (their lookups are subject to its RLS, so no message tells of another tenant's rows).
-- ---------------------------------------------------------------------------------------------
-- PL/pgSQL rather than SQL: a SQL function with a SET clause is never inlined, and is parsed and
-- planned again for every query that calls it (make bench-schema: RLS ingest overhead); PL/pgSQL keeps
-- its plan for the session.
CREATE OR REPLACE FUNCTION public.app_current_tenant_id()
    RETURNS pg_catalog.uuid
    LANGUAGE plpgsql
    STABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    setting pg_catalog.text := pg_catalog.current_setting('app.current_tenant_id'::pg_catalog.text, true);
BEGIN
    IF setting OPERATOR(pg_catalog.~)
        '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'::pg_catalog.text THEN
        RETURN CAST(setting AS pg_catalog.uuid);
    END IF;
    RETURN NULL;  -- unset, empty or not a canonical UUID: no rows, no writes
END
$$;

CREATE OR REPLACE FUNCTION public.set_updated_at()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    NEW.created_at := OLD.created_at;  -- set by the server on INSERT, never changed
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.set_updated_at() IS 'Trigger function: sets updated_at to now() on every UPDATE and keeps created_at.';

-- Server-set audit columns on INSERT (tenants, attribution_allocations).
CREATE FUNCTION public.set_created_at()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.created_at := pg_catalog.now();
    NEW.updated_at := NEW.created_at;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.set_created_at() IS 'Trigger function: sets created_at and updated_at to now() on INSERT, whatever the client sent.';
REVOKE ALL ON FUNCTION public.set_created_at() FROM PUBLIC;
CREATE TRIGGER trg_tenants_created_at
    BEFORE INSERT ON tenants
    FOR EACH ROW EXECUTE FUNCTION public.set_created_at();
CREATE TRIGGER trg_attribution_allocations_created_at
    BEFORE INSERT ON attribution_allocations
    FOR EACH ROW EXECUTE FUNCTION public.set_created_at();

-- attribution_events on INSERT: server-set created_at, occurred_at at most a day ahead.
CREATE FUNCTION public.attribution_events_before_insert()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.created_at := pg_catalog.now();
    NEW.updated_at := NEW.created_at;
    IF NEW.occurred_at OPERATOR(pg_catalog.>) (pg_catalog.statement_timestamp() OPERATOR(pg_catalog.+) '1 day'::pg_catalog.interval) THEN
        RAISE EXCEPTION 'occurred_at % is more than 1 day in the future', NEW.occurred_at
            USING ERRCODE = 'check_violation',
                  HINT = 'occurred_at may be at most 1 day after the current time';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.attribution_events_before_insert() IS
    'Trigger function: sets created_at and updated_at on INSERT; refuses occurred_at more than one day in the future.';
REVOKE ALL ON FUNCTION public.attribution_events_before_insert() FROM PUBLIC;
CREATE TRIGGER trg_attribution_events_before_insert
    BEFORE INSERT ON attribution_events
    FOR EACH ROW EXECUTE FUNCTION public.attribution_events_before_insert();

-- dead_events on INSERT: ingested_at is the server's time.
CREATE FUNCTION public.dead_events_before_insert()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.ingested_at := pg_catalog.now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.dead_events_before_insert() IS 'Trigger function: sets ingested_at to now() on INSERT, whatever the client sent.';
REVOKE ALL ON FUNCTION public.dead_events_before_insert() FROM PUBLIC;
CREATE TRIGGER trg_dead_events_before_insert
    BEFORE INSERT ON dead_events
    FOR EACH ROW EXECUTE FUNCTION public.dead_events_before_insert();

-- ---------------------------------------------------------------------------------------------
-- 5. The append-only exemption: a delete passes only when the row's tenant no longer exists, that is,
-- inside the cascade of deleting the tenant. The existence check needs to see every tenant whatever
-- the session's context: a definer function owned by rls_definer (BYPASSRLS), executable by the role
-- the cascade runs as (the owner of the tables), not by the application.
-- ---------------------------------------------------------------------------------------------
SET LOCAL ROLE rls_definer;
CREATE FUNCTION public.tenant_exists(candidate pg_catalog.uuid)
    RETURNS boolean
    LANGUAGE sql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT FROM public.tenants AS t WHERE t.id OPERATOR(pg_catalog.=) candidate)
$$;
COMMENT ON FUNCTION public.tenant_exists(pg_catalog.uuid) IS
    'Whether the tenant row exists, seen with BYPASSRLS: the append-only guards allow a delete only in the cascade of deleting the row''s tenant.';
GRANT EXECUTE ON FUNCTION public.tenant_exists(pg_catalog.uuid) TO migration_owner;

-- The sum check, qualified (same logic as 0002).
CREATE OR REPLACE FUNCTION public.check_allocation_sum()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key record;
    event_revenue pg_catalog.int8;
    allocated pg_catalog.int8;
    allocation_count pg_catalog.int8;
BEGIN
    FOR key IN
        SELECT DISTINCT k.tenant_id, k.event_id, k.model_version
        FROM (
            SELECT NEW.tenant_id, NEW.event_id, NEW.model_version WHERE TG_OP OPERATOR(pg_catalog.<>) 'DELETE'
            UNION ALL
            SELECT OLD.tenant_id, OLD.event_id, OLD.model_version WHERE TG_OP OPERATOR(pg_catalog.<>) 'INSERT'
        ) AS k (tenant_id, event_id, model_version)
    LOOP
        SELECT e.revenue_cents INTO event_revenue
        FROM public.attribution_events AS e
        WHERE e.tenant_id OPERATOR(pg_catalog.=) key.tenant_id AND e.id OPERATOR(pg_catalog.=) key.event_id;
        IF NOT FOUND THEN
            CONTINUE;  -- the event went with its tenant
        END IF;
        -- Waits for a concurrent writer of the same key; the sum below then sees its rows.
        INSERT INTO public.allocation_sum_guards AS g (tenant_id, event_id, model_version)
        VALUES (key.tenant_id, key.event_id, key.model_version)
        ON CONFLICT (tenant_id, event_id, model_version) DO UPDATE SET checked_at = EXCLUDED.checked_at;
        SELECT pg_catalog.count(*), COALESCE(pg_catalog.sum(a.allocated_revenue_cents), 0)
            INTO allocation_count, allocated
        FROM public.attribution_allocations AS a
        WHERE a.tenant_id OPERATOR(pg_catalog.=) key.tenant_id
          AND a.event_id OPERATOR(pg_catalog.=) key.event_id
          AND a.model_version OPERATOR(pg_catalog.=) key.model_version;
        IF allocation_count OPERATOR(pg_catalog.>) 0
            AND pg_catalog.abs(allocated OPERATOR(pg_catalog.-) event_revenue) OPERATOR(pg_catalog.>) 1 THEN
            RAISE EXCEPTION 'allocations of event % for model % sum to % cents; the event revenue is % cents',
                key.event_id, key.model_version, allocated, event_revenue
                USING ERRCODE = 'check_violation',
                      HINT = 'allocations of one (event_id, model_version) must sum to revenue_cents within 1 cent';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

-- refresh_read_path() and refresh_allocation_summary() (0003) already pin search_path and qualify names.
{{ regrant_owned_by('rls_definer') }}
SET LOCAL ROLE migration_owner;

CREATE OR REPLACE FUNCTION public.attribution_events_append_only()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Nested: a role that may not execute tenant_exists() (the application) gets to it only by a DELETE.
    IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
        IF NOT public.tenant_exists(OLD.tenant_id) THEN
            RETURN OLD;  -- the cascade of deleting the tenant
        END IF;
    END IF;
    RAISE EXCEPTION 'attribution_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'record a correcting event instead of changing or removing one';
END
$$;
COMMENT ON FUNCTION public.attribution_events_append_only() IS
    'Trigger function: refuses UPDATE, DELETE and TRUNCATE on attribution_events, except deletes in the cascade of deleting the row''s tenant (the tenant row is gone).';

-- ---------------------------------------------------------------------------------------------
-- 4. Ledger integrity.
-- ---------------------------------------------------------------------------------------------
-- Runs: INSERT as idle or running; idle -> running -> completed | failed; completed and failed are final.
CREATE FUNCTION public.reconciliation_runs_state_machine()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
        NEW.created_at := pg_catalog.now();
        NEW.updated_at := NEW.created_at;
        IF NEW.state OPERATOR(pg_catalog.<>) ALL (ARRAY['idle', 'running']::pg_catalog.text[]) THEN
            RAISE EXCEPTION 'a reconciliation run starts as idle or running, not %', NEW.state
                USING ERRCODE = 'check_violation',
                      HINT = 'insert the run as idle or running, then move it to completed or failed';
        END IF;
    ELSE
        IF OLD.state OPERATOR(pg_catalog.=) ANY (ARRAY['completed', 'failed']::pg_catalog.text[]) THEN
            RAISE EXCEPTION 'reconciliation run % is %: a finished run is final', OLD.id, OLD.state
                USING ERRCODE = 'restrict_violation',
                      HINT = 'start a new run instead';
        END IF;
        IF (NEW.id, NEW.tenant_id) IS DISTINCT FROM (OLD.id, OLD.tenant_id) THEN
            RAISE EXCEPTION 'the id and tenant of a reconciliation run never change'
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.state OPERATOR(pg_catalog.<>) OLD.state
            AND NOT (OLD.state, NEW.state) IN (('idle', 'running'), ('running', 'completed'), ('running', 'failed')) THEN
            RAISE EXCEPTION 'a reconciliation run cannot move from % to %', OLD.state, NEW.state
                USING ERRCODE = 'check_violation',
                      HINT = 'runs move idle -> running -> completed or failed';
        END IF;
    END IF;
    IF NEW.last_run_at OPERATOR(pg_catalog.>) (pg_catalog.statement_timestamp() OPERATOR(pg_catalog.+) '1 day'::pg_catalog.interval) THEN
        RAISE EXCEPTION 'last_run_at % is more than 1 day in the future', NEW.last_run_at
            USING ERRCODE = 'check_violation',
                  HINT = 'last_run_at may be at most 1 day after the current time';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.reconciliation_runs_state_machine() IS
    'Trigger function: runs are inserted idle or running and move idle -> running -> completed | failed; finished runs are final; last_run_at at most a day ahead; created_at set by the server.';
REVOKE ALL ON FUNCTION public.reconciliation_runs_state_machine() FROM PUBLIC;
CREATE TRIGGER trg_reconciliation_runs_state_machine
    BEFORE INSERT OR UPDATE ON reconciliation_runs
    FOR EACH ROW EXECUTE FUNCTION public.reconciliation_runs_state_machine();

-- Ledger on INSERT: unverified; a posting copies its allocation's amount and claims the event's version.
CREATE FUNCTION public.revenue_ledger_post()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allocation record;
    claimed pg_catalog.text;
BEGIN
    NEW.created_at := pg_catalog.now();
    NEW.updated_at := NEW.created_at;
    IF NEW.is_verified OR NEW.verified_at IS NOT NULL OR NEW.reconciliation_run_id IS NOT NULL THEN
        RAISE EXCEPTION 'revenue_ledger entries are inserted unverified'
            USING ERRCODE = 'check_violation',
                  HINT = 'insert the entry, then verify it against a completed reconciliation run';
    END IF;
    IF NEW.allocation_id IS NULL THEN
        RETURN NEW;
    END IF;
    -- Seen with the session's rights: another tenant's allocation is never found, whether or not it
    -- exists. FOR SHARE holds the amount until commit (a concurrent change waits, then sees the posting).
    SELECT a.event_id, a.model_version, a.allocated_revenue_cents INTO allocation
    FROM public.attribution_allocations AS a
    WHERE a.tenant_id OPERATOR(pg_catalog.=) NEW.tenant_id AND a.id OPERATOR(pg_catalog.=) NEW.allocation_id
    FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'allocation % is not an allocation of this tenant', NEW.allocation_id
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'fk_revenue_ledger_tenant_allocation';
    END IF;
    IF NEW.revenue_cents OPERATOR(pg_catalog.<>) allocation.allocated_revenue_cents THEN
        RAISE EXCEPTION 'a posting copies its allocation''s amount: % cents, not %',
            allocation.allocated_revenue_cents, NEW.revenue_cents
            USING ERRCODE = 'check_violation',
                  HINT = 'set revenue_cents to the allocated_revenue_cents of the allocation';
    END IF;
    INSERT INTO public.posted_event_versions AS p (tenant_id, event_id, model_version)
    VALUES (NEW.tenant_id, allocation.event_id, allocation.model_version)
    ON CONFLICT (tenant_id, event_id) DO NOTHING;
    SELECT p.model_version INTO claimed
    FROM public.posted_event_versions AS p
    WHERE p.tenant_id OPERATOR(pg_catalog.=) NEW.tenant_id AND p.event_id OPERATOR(pg_catalog.=) allocation.event_id;
    IF claimed IS DISTINCT FROM allocation.model_version THEN
        RAISE EXCEPTION 'event % is posted under model version %, not %', allocation.event_id, claimed, allocation.model_version
            USING ERRCODE = 'unique_violation',
                  HINT = 'an event is posted to the ledger under one model version';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.revenue_ledger_post() IS
    'Trigger function: ledger entries are inserted unverified, with a server-set created_at; a posting must carry its allocation''s amount, and an event is posted under one model version (posted_event_versions).';
REVOKE ALL ON FUNCTION public.revenue_ledger_post() FROM PUBLIC;
CREATE TRIGGER trg_revenue_ledger_post
    BEFORE INSERT ON revenue_ledger
    FOR EACH ROW EXECUTE FUNCTION public.revenue_ledger_post();

-- Ledger on UPDATE / DELETE / TRUNCATE: amounts immutable, verification once, against a completed run.
CREATE OR REPLACE FUNCTION public.revenue_ledger_immutable()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run_state pg_catalog.text;
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
        IF NOT public.tenant_exists(OLD.tenant_id) THEN
            RETURN OLD;  -- the cascade of deleting the tenant
        END IF;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) ANY (ARRAY['DELETE', 'TRUNCATE']) THEN
        RAISE EXCEPTION 'revenue_ledger entries are immutable: % is not allowed', TG_OP
            USING ERRCODE = 'restrict_violation',
                  HINT = 'post a correcting entry instead';
    END IF;
    IF (NEW.id, NEW.tenant_id, NEW.created_at, NEW.revenue_cents, NEW.allocation_id)
        IS DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.created_at, OLD.revenue_cents, OLD.allocation_id) THEN
        RAISE EXCEPTION 'revenue_ledger entries are immutable: only is_verified, verified_at and reconciliation_run_id may be set'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'post a correcting entry instead';
    END IF;
    IF (NEW.is_verified, NEW.verified_at, NEW.reconciliation_run_id)
        IS NOT DISTINCT FROM (OLD.is_verified, OLD.verified_at, OLD.reconciliation_run_id) THEN
        RETURN NEW;
    END IF;
    IF OLD.is_verified OR NOT NEW.is_verified THEN
        RAISE EXCEPTION 'revenue_ledger verification is set once, from false to true'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.verified_at IS NULL THEN
        RETURN NEW;  -- ck_revenue_ledger_verified_at_when_verified refuses it
    END IF;
    IF NEW.verified_at OPERATOR(pg_catalog.>) (pg_catalog.statement_timestamp() OPERATOR(pg_catalog.+) '1 minute'::pg_catalog.interval) THEN
        RAISE EXCEPTION 'verified_at % is more than 1 minute in the future', NEW.verified_at
            USING ERRCODE = 'check_violation',
                  HINT = 'verified_at may be at most 1 minute after the current time';
    END IF;
    -- Seen with the session's rights: only a run of the session's tenant is ever found.
    SELECT r.state INTO run_state
    FROM public.reconciliation_runs AS r
    WHERE r.tenant_id OPERATOR(pg_catalog.=) NEW.tenant_id AND r.id OPERATOR(pg_catalog.=) NEW.reconciliation_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'reconciliation run % is not a run of this tenant', NEW.reconciliation_run_id
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'fk_revenue_ledger_tenant_reconciliation_run';
    END IF;
    IF run_state IS DISTINCT FROM 'completed' THEN
        RAISE EXCEPTION 'verification needs a completed reconciliation run of the tenant'
            USING ERRCODE = 'check_violation',
                  HINT = 'set reconciliation_run_id to a completed run of the same tenant';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.revenue_ledger_immutable() IS
    'Trigger function: refuses DELETE, TRUNCATE and changes to ledger amounts and keys; verification is set once, false to true, with a finite verified_at not in the future and a completed run of the tenant; deletes in the cascade of deleting the tenant are allowed.';

-- Allocations: a posted allocation's amount, ratio, channel, event and model version are frozen.
CREATE FUNCTION public.attribution_allocations_posted_frozen()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
        IF NOT public.tenant_exists(OLD.tenant_id) THEN
            RETURN OLD;  -- the cascade of deleting the tenant
        END IF;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' AND (NEW.id, NEW.tenant_id) IS DISTINCT FROM (OLD.id, OLD.tenant_id) THEN
        RAISE EXCEPTION 'the id and tenant of an allocation never change'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE'
        AND (NEW.event_id, NEW.model_version, NEW.channel, NEW.allocated_revenue_cents, NEW.allocation_ratio)
            IS NOT DISTINCT FROM (OLD.event_id, OLD.model_version, OLD.channel, OLD.allocated_revenue_cents, OLD.allocation_ratio) THEN
        RETURN NEW;
    END IF;
    -- Seen with the session's rights (the row is the session's tenant's, or it could not be touched).
    IF EXISTS (
        SELECT FROM public.revenue_ledger AS l
        WHERE l.tenant_id OPERATOR(pg_catalog.=) OLD.tenant_id AND l.allocation_id OPERATOR(pg_catalog.=) OLD.id
    ) THEN
        RAISE EXCEPTION 'allocation % is posted to the ledger: its amount, ratio, channel, event and model version are frozen', OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'post a correcting entry instead';
    END IF;
    RETURN CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION public.attribution_allocations_posted_frozen() IS
    'Trigger function: refuses changes of id or tenant, and changes or deletes of a posted allocation''s amount, ratio, channel, event and model version (except in the cascade of deleting the tenant).';
REVOKE ALL ON FUNCTION public.attribution_allocations_posted_frozen() FROM PUBLIC;
CREATE TRIGGER trg_attribution_allocations_posted_frozen
    BEFORE UPDATE OR DELETE ON attribution_allocations
    FOR EACH ROW EXECUTE FUNCTION public.attribution_allocations_posted_frozen();

-- ---------------------------------------------------------------------------------------------
-- 3. Deletes the design needs, through definer functions owned by migration_owner: the owner is
-- subject to the forced RLS, so each deletes within the session's tenant only, and the caller never
-- holds DELETE (which would let it LOCK TABLE in ACCESS EXCLUSIVE mode).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION public.delete_tenant(tenant pg_catalog.uuid)
    RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF tenant IS NULL OR tenant IS DISTINCT FROM public.app_current_tenant_id() THEN
        RAISE EXCEPTION 'delete_tenant() deletes the tenant of the session only'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'set app.current_tenant_id to the tenant to delete, then call delete_tenant() with it';
    END IF;
    DELETE FROM public.tenants AS t WHERE t.id OPERATOR(pg_catalog.=) tenant;
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION public.delete_tenant(pg_catalog.uuid) IS
    'Deletes the tenant named (it must be the session''s tenant) and, by cascade, every row it owns. For app_admin.';

-- app_admin holds no UPDATE on tenants: with it, SELECT ... FOR UPDATE of every tenant row would block
-- the foreign-key checks (FOR KEY SHARE) of every tenant's inserts.
CREATE FUNCTION public.rename_tenant(tenant pg_catalog.uuid, new_name pg_catalog.text)
    RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF tenant IS NULL OR tenant IS DISTINCT FROM public.app_current_tenant_id() THEN
        RAISE EXCEPTION 'rename_tenant() renames the tenant of the session only'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'set app.current_tenant_id to the tenant to rename, then call rename_tenant() with it';
    END IF;
    UPDATE public.tenants AS t SET name = new_name WHERE t.id OPERATOR(pg_catalog.=) tenant;
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION public.rename_tenant(pg_catalog.uuid, pg_catalog.text) IS
    'Renames the tenant named (it must be the session''s tenant). For app_admin.';

CREATE FUNCTION public.purge_dead_events(ingested_before pg_catalog.timestamptz)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    purged pg_catalog.int8;
BEGIN
    IF ingested_before IS NULL THEN
        RAISE EXCEPTION 'purge_dead_events() needs a cut-off time' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    DELETE FROM public.dead_events AS d WHERE d.ingested_at OPERATOR(pg_catalog.<) ingested_before;
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;
COMMENT ON FUNCTION public.purge_dead_events(pg_catalog.timestamptz) IS
    'Retention: deletes the current tenant''s dead events ingested before the cut-off; returns how many. For app_admin.';

CREATE FUNCTION public.delete_allocations(event pg_catalog.uuid, version pg_catalog.text)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    deleted pg_catalog.int8;
BEGIN
    DELETE FROM public.attribution_allocations AS a
    WHERE a.event_id OPERATOR(pg_catalog.=) event AND a.model_version OPERATOR(pg_catalog.=) version;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;
COMMENT ON FUNCTION public.delete_allocations(pg_catalog.uuid, pg_catalog.text) IS
    'Deletes the current tenant''s allocations of one (event, model version), for a re-run of the model; posted allocations are refused. For app_rw.';

-- ---------------------------------------------------------------------------------------------
-- 3. The privileges of the second matrix (templates/grants_v2.toml) on every object migration_owner
-- owns (those of rls_definer were granted above, as it).
-- ---------------------------------------------------------------------------------------------
{{ regrant_owned_by('migration_owner') }}
