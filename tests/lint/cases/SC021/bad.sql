-- case-path: sql/0002-Add-Orders.SQL -- expect: SC021
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
