-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
ALTER TABLE orders RENAME TO purchases; -- expect: SC710
ALTER TABLE purchases RENAME COLUMN amount TO amount_cents; -- expect: SC710
ALTER TABLE IF EXISTS customers RENAME name TO full_name; -- expect: SC710
ALTER TABLE customers
    RENAME COLUMN email TO email_address; -- expect: SC710
