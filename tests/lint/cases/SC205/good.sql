CREATE TABLE countries (
    code text NOT NULL,
    currency varchar(3),
    region character varying(20),
    charset text,
    char_code text,
    CONSTRAINT ck_countries_code_length CHECK (char_length(code) = 2 AND code::char(2) = code)
);
ALTER TABLE countries ADD COLUMN continent varchar(2);
ALTER TABLE countries ALTER COLUMN currency TYPE text;
