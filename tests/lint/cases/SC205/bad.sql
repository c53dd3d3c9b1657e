CREATE TABLE countries (
    code char(2) NOT NULL, -- expect: SC205
    currency character(3), -- expect: SC205
    flag char, -- expect: SC205
    region bpchar, -- expect: SC205
    kind "char", -- expect: SC205
    alt_code pg_catalog.bpchar(3) -- expect: SC205
);
ALTER TABLE countries ADD COLUMN continent char(2); -- expect: SC205
ALTER TABLE countries ALTER COLUMN flag TYPE character(1); -- expect: SC205
