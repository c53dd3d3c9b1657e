CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    quantity integer NOT NULL,
    note varchar(200),
    code text,
    status varchar(20),
    label varchar(40),
    summary varchar(80)
);
