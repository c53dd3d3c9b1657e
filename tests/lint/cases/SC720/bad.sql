BEGIN; -- expect: SC720
ALTER TABLE orders ADD COLUMN note text;
COMMIT; -- expect: SC720
START TRANSACTION; -- expect: SC720
END; -- expect: SC720
ABORT; -- expect: SC720
PREPARE TRANSACTION 'x'; -- expect: SC720
