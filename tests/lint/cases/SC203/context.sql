CREATE TABLE legacy_accounts (code text NOT NULL, name text);
CREATE TABLE legacy_users (id uuid NOT NULL DEFAULT gen_random_uuid(), email text);
CREATE TABLE legacy_tokens (id uuid NOT NULL, token text);
