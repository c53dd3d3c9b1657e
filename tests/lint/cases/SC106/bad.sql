CREATE TABLE attribution_allocation_channel_credit_history_entries_archived_v2 ( -- expect: SC106
    id uuid DEFAULT gen_random_uuid(),
    éééééééééééééééééééééééééééééééééééé integer, -- expect: SC106
    CONSTRAINT pk_attribution_allocation_channel_credit_history_entries_archived PRIMARY KEY (id) -- expect: SC106
);
CREATE INDEX idx_attribution_allocation_channel_credit_history_entries_archived_created_at -- expect: SC106
    ON attribution_allocation_channel_credit_history_entries_archived_v2 (id);
ALTER TABLE short_names ADD COLUMN "a column name that is quoted and definitely longer than sixty three" text; -- expect: SC106
ALTER TABLE short_names RENAME TO short_names_renamed_to_something_that_no_longer_fits_in_sixty_three; -- expect: SC106
CREATE FUNCTION public.refresh_every_materialized_view_of_the_read_path_and_the_allocation_summary() -- expect: SC106
    RETURNS void LANGUAGE sql AS $$ SELECT $$;
