CREATE TABLE tickets (
    id serial, -- expect: SC204
    number bigserial NOT NULL, -- expect: SC204
    priority smallserial, -- expect: SC204
    a serial2, -- expect: SC204
    b serial4, -- expect: SC204
    c serial8 -- expect: SC204
);
ALTER TABLE tickets ADD COLUMN sequence_number bigserial; -- expect: SC204
