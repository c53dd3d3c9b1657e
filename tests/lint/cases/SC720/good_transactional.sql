-- a transactional file is apply's to refuse (SC023), not this rule's
SAVEPOINT before_note;
ALTER TABLE orders ADD COLUMN note text;
RELEASE SAVEPOINT before_note;
