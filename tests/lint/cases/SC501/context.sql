-- created earlier without a comment: reported in its own file, not here
CREATE TABLE legacy_imports (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
