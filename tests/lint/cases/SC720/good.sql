-- savepoints work inside the file's own transaction
SAVEPOINT before_note;
ALTER TABLE orders ADD COLUMN note text;
ROLLBACK TO SAVEPOINT before_note;
RELEASE SAVEPOINT before_note;
