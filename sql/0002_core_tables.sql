-- Core tables of B0.3 with their row-level security, grants and integrity rules.
-- Seed revisions carried here:
--   202511131115 add_core_tables               (six tables, their checks and indexes)
--   202511131120 add_rls_policies              (tenant_isolation_policy, via tenant_table())
--   202511131121 add_grants                    (grants from templates/grants.toml, via tenant_table())
--   202511131232 enhance_allocation_schema     (allocation_ratio, model_version, channel vocabulary)
--   202511131240 add_sum_equality_validation   (check_allocation_sum, trg_check_allocation_sum)
--   202511131250 enhance_revenue_ledger        (allocation-based posting, at most once)
-- The enhancements are folded into CREATE TABLE: nothing was deployed before this file.

SET LOCAL ROLE migration_owner;

-- ---------------------------------------------------------------------------------------------
-- tenants
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tenants (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name varchar(255) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_tenants PRIMARY KEY (id),
    CONSTRAINT ck_tenants_name_not_empty CHECK (btrim(name) <> '')
);
CREATE INDEX idx_tenants_name ON tenants (name);

COMMENT ON TABLE tenants IS 'Store tenant information for multi-tenant isolation. Root of every tenant-scoped row. Non-PII.';
COMMENT ON COLUMN tenants.id IS 'Primary key UUID. Unique tenant identifier.';
COMMENT ON COLUMN tenants.name IS 'Tenant name. Human-readable tenant identification.';
COMMENT ON COLUMN tenants.created_at IS 'Record creation timestamp. Audit trail.';
COMMENT ON COLUMN tenants.updated_at IS 'Record update timestamp. Audit trail.';

{{ tenant_table('tenants', tenant_column='id') }}
-- app_admin administers every tenant; app_rw and app_ro see only their own row.
CREATE POLICY tenants_admin_policy ON tenants
    AS PERMISSIVE FOR ALL TO app_admin
    USING (true)
    WITH CHECK (true);

-- ---------------------------------------------------------------------------------------------
-- attribution_events: append-only, idempotent ingest anchor
-- ---------------------------------------------------------------------------------------------
CREATE TABLE attribution_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    occurred_at timestamptz NOT NULL,
    external_event_id text,
    correlation_id uuid,
    session_id uuid,
    revenue_cents integer NOT NULL DEFAULT 0,
    raw_payload jsonb NOT NULL,
    CONSTRAINT pk_attribution_events PRIMARY KEY (id),
    CONSTRAINT uq_attribution_events_tenant_id_id UNIQUE (tenant_id, id),
    CONSTRAINT fk_attribution_events_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT ck_attribution_events_revenue_positive CHECK (revenue_cents >= 0)
);
CREATE UNIQUE INDEX idx_attribution_events_tenant_external_event_id
    ON attribution_events (tenant_id, external_event_id)
    WHERE external_event_id IS NOT NULL;
CREATE UNIQUE INDEX idx_attribution_events_tenant_correlation_id
    ON attribution_events (tenant_id, correlation_id)
    WHERE correlation_id IS NOT NULL AND external_event_id IS NULL;
CREATE INDEX idx_attribution_events_tenant_occurred_at ON attribution_events (tenant_id, occurred_at DESC);
CREATE INDEX idx_attribution_events_session_id ON attribution_events (session_id) WHERE session_id IS NOT NULL;

COMMENT ON TABLE attribution_events IS 'Store attribution events for revenue tracking and attribution calculations. Canonical append-only event log; idempotent ingest anchor for the shopify, stripe, paypal and woocommerce webhooks. Non-PII (PII stripped from raw_payload before persistence).';
COMMENT ON COLUMN attribution_events.id IS 'Primary key UUID. Unique event identifier.';
COMMENT ON COLUMN attribution_events.tenant_id IS 'Foreign key to tenants table. Tenant isolation.';
COMMENT ON COLUMN attribution_events.created_at IS 'Record creation timestamp. Audit trail.';
COMMENT ON COLUMN attribution_events.updated_at IS 'Record update timestamp. Audit trail.';
COMMENT ON COLUMN attribution_events.occurred_at IS 'Domain-specific event timestamp (when event occurred). Business logic timestamping.';
COMMENT ON COLUMN attribution_events.external_event_id IS 'External event ID from source system (e.g., Shopify order ID, PayPal transaction ID). Idempotency key.';
COMMENT ON COLUMN attribution_events.correlation_id IS 'Correlation ID from X-Correlation-ID header. Distributed tracing and event stitching across tables. Links attribution_events, dead_events, and attribution_allocations.';
COMMENT ON COLUMN attribution_events.session_id IS 'Session identifier for session-scoped events (30-minute inactivity timeout). Session grouping.';
COMMENT ON COLUMN attribution_events.revenue_cents IS 'Revenue amount in cents (INTEGER). Store revenue for attribution calculations. Contract mapping: total_revenue (number float) -> revenue_cents (integer).';
COMMENT ON COLUMN attribution_events.raw_payload IS 'Raw webhook payload (JSONB). Store original event data. PII stripped before persistence.';

{{ tenant_table('attribution_events') }}

-- Append-only for everyone, the owner included; a delete cascading from its tenant is allowed.
CREATE FUNCTION public.attribution_events_append_only()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'attribution_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'record a correcting event instead of changing or removing one';
END
$$;
COMMENT ON FUNCTION public.attribution_events_append_only() IS
    'Trigger function: refuses UPDATE, DELETE and TRUNCATE on attribution_events, except deletes cascading from tenants.';
REVOKE ALL ON FUNCTION public.attribution_events_append_only() FROM PUBLIC;
CREATE TRIGGER trg_attribution_events_append_only
    BEFORE UPDATE OR DELETE ON attribution_events
    FOR EACH ROW EXECUTE FUNCTION public.attribution_events_append_only();
CREATE TRIGGER trg_attribution_events_no_truncate
    BEFORE TRUNCATE ON attribution_events
    FOR EACH STATEMENT EXECUTE FUNCTION public.attribution_events_append_only();

-- ---------------------------------------------------------------------------------------------
-- dead_events: dead-letter queue
-- ---------------------------------------------------------------------------------------------
CREATE TABLE dead_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    source text NOT NULL,
    error_code text NOT NULL,
    error_detail jsonb NOT NULL,
    raw_payload jsonb NOT NULL,
    correlation_id uuid,
    external_event_id text,
    CONSTRAINT pk_dead_events PRIMARY KEY (id),
    CONSTRAINT fk_dead_events_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX idx_dead_events_tenant_ingested_at ON dead_events (tenant_id, ingested_at DESC);
CREATE INDEX idx_dead_events_source ON dead_events (source);
CREATE INDEX idx_dead_events_error_code ON dead_events (error_code);

COMMENT ON TABLE dead_events IS 'Dead-letter queue for invalid or unparseable webhook payloads (failed ingestion attempts). Internal-only diagnostic storage. Non-PII (PII stripped from raw_payload before persistence).';
COMMENT ON COLUMN dead_events.id IS 'Primary key UUID. Unique dead event identifier.';
COMMENT ON COLUMN dead_events.tenant_id IS 'Foreign key to tenants table. Tenant isolation.';
COMMENT ON COLUMN dead_events.ingested_at IS 'Timestamp when failure occurred. Failure time tracking.';
COMMENT ON COLUMN dead_events.source IS 'Source system identifier (e.g., shopify, stripe, paypal, woocommerce). Identify source of failed payload.';
COMMENT ON COLUMN dead_events.error_code IS 'Error classification code. Categorize failure types.';
COMMENT ON COLUMN dead_events.error_detail IS 'Structured error information (JSONB). Store detailed error context for debugging.';
COMMENT ON COLUMN dead_events.raw_payload IS 'Raw webhook payload that failed (JSONB). Store original payload for analysis. PII stripped before persistence.';
COMMENT ON COLUMN dead_events.correlation_id IS 'Correlation ID from X-Correlation-ID header. Distributed tracing and event stitching across tables. Links dead_events, attribution_events, and attribution_allocations.';
COMMENT ON COLUMN dead_events.external_event_id IS 'External event ID when known (e.g., Shopify order ID). Link to source system event.';

{{ tenant_table('dead_events', updated_at=false) }}

-- ---------------------------------------------------------------------------------------------
-- attribution_allocations: channel credit, deterministic per (event, model_version)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE attribution_allocations (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    channel text NOT NULL,
    allocated_revenue_cents integer NOT NULL DEFAULT 0,
    model_metadata jsonb,
    correlation_id uuid,
    allocation_ratio numeric(6, 5) NOT NULL,
    model_version text NOT NULL,
    CONSTRAINT pk_attribution_allocations PRIMARY KEY (id),
    CONSTRAINT uq_attribution_allocations_tenant_id_id UNIQUE (tenant_id, id),
    CONSTRAINT fk_attribution_allocations_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT fk_attribution_allocations_tenant_event FOREIGN KEY (tenant_id, event_id)
        REFERENCES attribution_events (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ck_attribution_allocations_revenue_positive CHECK (allocated_revenue_cents >= 0),
    CONSTRAINT ck_attribution_allocations_allocation_ratio_range CHECK (allocation_ratio BETWEEN 0 AND 1),
    CONSTRAINT ck_attribution_allocations_model_version_not_empty CHECK (btrim(model_version) <> ''),
    CONSTRAINT ck_attribution_allocations_channel_valid CHECK (channel IN ({{ sql_string_list(channels.codes) }}))
);
CREATE INDEX idx_attribution_allocations_tenant_created_at ON attribution_allocations (tenant_id, created_at DESC);
CREATE INDEX idx_attribution_allocations_event_id ON attribution_allocations (event_id);
CREATE INDEX idx_attribution_allocations_channel ON attribution_allocations (channel);
CREATE UNIQUE INDEX idx_attribution_allocations_tenant_event_model_channel
    ON attribution_allocations (tenant_id, event_id, model_version, channel);

COMMENT ON TABLE attribution_allocations IS 'Store attribution model allocations (channel credit assignments). Allocations of one (event_id, model_version) sum to the event revenue within 1 cent (trg_check_allocation_sum). Non-PII.';
COMMENT ON COLUMN attribution_allocations.id IS 'Primary key UUID. Unique allocation identifier.';
COMMENT ON COLUMN attribution_allocations.tenant_id IS 'Foreign key to tenants table. Tenant isolation.';
COMMENT ON COLUMN attribution_allocations.event_id IS 'Foreign key to attribution_events table (with tenant_id, so never another tenant''s event). Link allocation to source event.';
COMMENT ON COLUMN attribution_allocations.created_at IS 'Record creation timestamp. Audit trail.';
COMMENT ON COLUMN attribution_allocations.updated_at IS 'Record update timestamp. Audit trail.';
COMMENT ON COLUMN attribution_allocations.channel IS 'Channel identifier from the documented vocabulary (docs/CHANNELS.md, e.g. google_search, facebook_ads). Identify attribution channel.';
COMMENT ON COLUMN attribution_allocations.allocated_revenue_cents IS 'Allocated revenue amount in cents (INTEGER). Store channel credit amount.';
COMMENT ON COLUMN attribution_allocations.model_metadata IS 'Attribution model metadata (JSONB). Store model-specific data (e.g., convergence_r_hat, effective_sample_size).';
COMMENT ON COLUMN attribution_allocations.correlation_id IS 'Correlation ID from X-Correlation-ID header. Distributed tracing and event stitching across tables. Links attribution_allocations, attribution_events, and dead_events.';
COMMENT ON COLUMN attribution_allocations.allocation_ratio IS 'Share of the event revenue credited to the channel, 0 to 1 (numeric(6,5)). Revenue accounting determinism.';
COMMENT ON COLUMN attribution_allocations.model_version IS 'Version of the attribution model that produced the allocation. Allocations are summed per (event_id, model_version).';

{{ tenant_table('attribution_allocations') }}

-- ---------------------------------------------------------------------------------------------
-- reconciliation_runs
-- ---------------------------------------------------------------------------------------------
CREATE TABLE reconciliation_runs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_run_at timestamptz NOT NULL,
    state varchar(20) NOT NULL DEFAULT 'idle',
    error_message text,
    run_metadata jsonb,
    CONSTRAINT pk_reconciliation_runs PRIMARY KEY (id),
    CONSTRAINT uq_reconciliation_runs_tenant_id_id UNIQUE (tenant_id, id),
    CONSTRAINT fk_reconciliation_runs_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT ck_reconciliation_runs_state_valid CHECK (state IN ('idle', 'running', 'failed', 'completed'))
);
CREATE INDEX idx_reconciliation_runs_tenant_last_run_at ON reconciliation_runs (tenant_id, last_run_at DESC);
CREATE INDEX idx_reconciliation_runs_state ON reconciliation_runs (state);

COMMENT ON TABLE reconciliation_runs IS 'Store reconciliation pipeline run status and metadata. Supports ReconciliationStatusResponse. Non-PII.';
COMMENT ON COLUMN reconciliation_runs.id IS 'Primary key UUID. Unique reconciliation run identifier.';
COMMENT ON COLUMN reconciliation_runs.tenant_id IS 'Foreign key to tenants table. Tenant isolation.';
COMMENT ON COLUMN reconciliation_runs.created_at IS 'Record creation timestamp. Audit trail.';
COMMENT ON COLUMN reconciliation_runs.updated_at IS 'Record update timestamp. Audit trail.';
COMMENT ON COLUMN reconciliation_runs.last_run_at IS 'Timestamp of the last reconciliation run. Track last execution time. Contract mapping: last_run_at (string date-time) -> last_run_at (timestamptz).';
COMMENT ON COLUMN reconciliation_runs.state IS 'Current state of the reconciliation pipeline. Track pipeline status. Contract mapping: state enum (idle|running|failed|completed) -> state VARCHAR(20) CHECK.';
COMMENT ON COLUMN reconciliation_runs.error_message IS 'Error message if state is failed. Store failure details.';
COMMENT ON COLUMN reconciliation_runs.run_metadata IS 'Structured run information (JSONB). Store run-specific metadata.';

{{ tenant_table('reconciliation_runs') }}

-- ---------------------------------------------------------------------------------------------
-- revenue_ledger: immutable amounts, verification set once, each allocation posted at most once
-- ---------------------------------------------------------------------------------------------
-- schemactl: allow SC102 because revenue_ledger is the name the seeds and the API contracts use
CREATE TABLE revenue_ledger (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    revenue_cents integer NOT NULL DEFAULT 0,
    is_verified boolean NOT NULL DEFAULT false,
    verified_at timestamptz,
    reconciliation_run_id uuid,
    allocation_id uuid,
    CONSTRAINT pk_revenue_ledger PRIMARY KEY (id),
    CONSTRAINT fk_revenue_ledger_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT fk_revenue_ledger_tenant_reconciliation_run FOREIGN KEY (tenant_id, reconciliation_run_id)
        REFERENCES reconciliation_runs (tenant_id, id),
    CONSTRAINT fk_revenue_ledger_tenant_allocation FOREIGN KEY (tenant_id, allocation_id)
        REFERENCES attribution_allocations (tenant_id, id),
    CONSTRAINT ck_revenue_ledger_revenue_positive CHECK (revenue_cents >= 0),
    CONSTRAINT ck_revenue_ledger_verified_at_when_verified CHECK (is_verified = (verified_at IS NOT NULL))
);
CREATE INDEX idx_revenue_ledger_tenant_updated_at ON revenue_ledger (tenant_id, updated_at DESC);
CREATE INDEX idx_revenue_ledger_is_verified ON revenue_ledger (is_verified) WHERE is_verified = true;
CREATE UNIQUE INDEX idx_revenue_ledger_allocation_id ON revenue_ledger (allocation_id) WHERE allocation_id IS NOT NULL;
CREATE INDEX idx_revenue_ledger_tenant_reconciliation_run_id
    ON revenue_ledger (tenant_id, reconciliation_run_id)
    WHERE reconciliation_run_id IS NOT NULL;

COMMENT ON TABLE revenue_ledger IS 'Store verified revenue aggregates for reconciliation, with allocation-based posting (an allocation posts at most once). Amounts are immutable. Supports RealtimeRevenueResponse. Non-PII.';
COMMENT ON COLUMN revenue_ledger.id IS 'Primary key UUID. Unique ledger entry identifier.';
COMMENT ON COLUMN revenue_ledger.tenant_id IS 'Foreign key to tenants table. Tenant isolation.';
COMMENT ON COLUMN revenue_ledger.created_at IS 'Record creation timestamp. Audit trail.';
COMMENT ON COLUMN revenue_ledger.updated_at IS 'Record update timestamp. Audit trail.';
COMMENT ON COLUMN revenue_ledger.revenue_cents IS 'Revenue amount in cents (INTEGER), immutable once written. Store verified revenue aggregate. Contract mapping: total_revenue (number float) -> revenue_cents (integer).';
COMMENT ON COLUMN revenue_ledger.is_verified IS 'Whether revenue has been verified through reconciliation pipeline; set once, false to true. Contract mapping: verified (boolean) -> is_verified (boolean).';
COMMENT ON COLUMN revenue_ledger.verified_at IS 'Timestamp when revenue was verified. Verification time tracking.';
COMMENT ON COLUMN revenue_ledger.reconciliation_run_id IS 'Reference to reconciliation run that verified this revenue. Link to reconciliation_runs table (same tenant).';
COMMENT ON COLUMN revenue_ledger.allocation_id IS 'Allocation this entry posts, if any (allocation-based posting). Unique: an allocation posts to the ledger at most once.';

{{ tenant_table('revenue_ledger') }}

-- Amounts never change; the verification columns change once, false to true. For everyone.
CREATE FUNCTION public.revenue_ledger_immutable()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN OLD;  -- a cascade from deleting the tenant
    END IF;
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
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
        IS DISTINCT FROM (OLD.is_verified, OLD.verified_at, OLD.reconciliation_run_id)
        AND (OLD.is_verified OR NOT NEW.is_verified) THEN
        RAISE EXCEPTION 'revenue_ledger verification is set once, from false to true'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.revenue_ledger_immutable() IS
    'Trigger function: refuses DELETE, TRUNCATE, changes to ledger amounts and keys, and verification other than once from false to true; deletes cascading from tenants are allowed.';
REVOKE ALL ON FUNCTION public.revenue_ledger_immutable() FROM PUBLIC;
CREATE TRIGGER trg_revenue_ledger_immutable
    BEFORE UPDATE OR DELETE ON revenue_ledger
    FOR EACH ROW EXECUTE FUNCTION public.revenue_ledger_immutable();
CREATE TRIGGER trg_revenue_ledger_no_truncate
    BEFORE TRUNCATE ON revenue_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION public.revenue_ledger_immutable();

-- ---------------------------------------------------------------------------------------------
-- Sum-equality: allocations of one (event_id, model_version) sum to the event revenue +/- 1 cent.
-- Checked at commit. Before summing, the check upserts the key's row in allocation_sum_guards:
-- a second writer of the same key waits for the first to commit and then (READ COMMITTED) sums
-- with a snapshot that includes its rows, or (REPEATABLE READ, SERIALIZABLE) fails with a
-- serialization error. So two transactions cannot each pass alone and break it together.
-- Definer rights (rls_definer, BYPASSRLS) so a session cannot hide rows from the check.
-- ---------------------------------------------------------------------------------------------
-- schemactl: allow SC203 because the guard row is identified by its key and nothing references it
CREATE TABLE allocation_sum_guards (
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    model_version text NOT NULL,
    checked_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_allocation_sum_guards PRIMARY KEY (tenant_id, event_id, model_version),
    CONSTRAINT fk_allocation_sum_guards_tenant_id FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT fk_allocation_sum_guards_tenant_event FOREIGN KEY (tenant_id, event_id)
        REFERENCES attribution_events (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE allocation_sum_guards IS 'Internal-only: one row per checked (tenant_id, event_id, model_version); check_allocation_sum() updates it to serialise concurrent writers of one allocation set.';
COMMENT ON COLUMN allocation_sum_guards.tenant_id IS 'Tenant of the event. Tenant isolation.';
COMMENT ON COLUMN allocation_sum_guards.event_id IS 'The event whose allocations were checked.';
COMMENT ON COLUMN allocation_sum_guards.model_version IS 'The model version whose allocations were checked.';
COMMENT ON COLUMN allocation_sum_guards.checked_at IS 'When the allocations were last checked.';

{{ tenant_table('allocation_sum_guards', updated_at=false) }}

GRANT SELECT ON attribution_events, attribution_allocations TO rls_definer;
GRANT SELECT, INSERT, UPDATE ON allocation_sum_guards TO rls_definer;
SET LOCAL ROLE rls_definer;
CREATE FUNCTION public.check_allocation_sum()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    key record;
    event_revenue bigint;
    allocated bigint;
    allocation_count bigint;
BEGIN
    FOR key IN
        SELECT DISTINCT k.tenant_id, k.event_id, k.model_version
        FROM (
            SELECT NEW.tenant_id, NEW.event_id, NEW.model_version WHERE TG_OP <> 'DELETE'
            UNION ALL
            SELECT OLD.tenant_id, OLD.event_id, OLD.model_version WHERE TG_OP <> 'INSERT'
        ) AS k (tenant_id, event_id, model_version)
    LOOP
        SELECT e.revenue_cents INTO event_revenue
        FROM public.attribution_events AS e
        WHERE e.tenant_id = key.tenant_id AND e.id = key.event_id;
        IF NOT FOUND THEN
            CONTINUE;  -- the event went with its tenant
        END IF;
        -- Waits for a concurrent writer of the same key; the sum below then sees its rows.
        INSERT INTO public.allocation_sum_guards AS g (tenant_id, event_id, model_version)
        VALUES (key.tenant_id, key.event_id, key.model_version)
        ON CONFLICT (tenant_id, event_id, model_version) DO UPDATE SET checked_at = EXCLUDED.checked_at;
        SELECT count(*), coalesce(sum(a.allocated_revenue_cents), 0) INTO allocation_count, allocated
        FROM public.attribution_allocations AS a
        WHERE a.tenant_id = key.tenant_id AND a.event_id = key.event_id AND a.model_version = key.model_version;
        IF allocation_count > 0 AND abs(allocated - event_revenue) > 1 THEN
            RAISE EXCEPTION 'allocations of event % for model % sum to % cents; the event revenue is % cents',
                key.event_id, key.model_version, allocated, event_revenue
                USING ERRCODE = 'check_violation',
                      HINT = 'allocations of one (event_id, model_version) must sum to revenue_cents within 1 cent';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.check_allocation_sum() IS
    'Constraint trigger function: allocations of one (event_id, model_version) sum to the event revenue within 1 cent, checked at commit.';
REVOKE ALL ON FUNCTION public.check_allocation_sum() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.check_allocation_sum() TO migration_owner;  -- to create the trigger
SET LOCAL ROLE migration_owner;
CREATE CONSTRAINT TRIGGER trg_check_allocation_sum
    AFTER INSERT OR UPDATE OR DELETE ON attribution_allocations
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.check_allocation_sum();
