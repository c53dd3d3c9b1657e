-- 63 bytes is the limit and is allowed: 63 ASCII characters, or 31 two-byte characters and one more.
CREATE TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (
    id uuid DEFAULT gen_random_uuid(),
    ééééééééééééééééééééééééééééééé_ integer,
    CONSTRAINT pk_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcde PRIMARY KEY (id)
);
-- Long names that are only referenced, not created, are not this rule's business.
CREATE INDEX idx_long_names_id ON abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij (id);
COMMENT ON TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij IS 'referenced';
