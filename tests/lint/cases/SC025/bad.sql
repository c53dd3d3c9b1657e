-- Add orders: TODO say what this migration changes and why. -- expect: SC025
-- schemactl: lock_timeout=5s statement_timeout=15min
--
-- Write the SQL below this header.
{# a template comment is not SQL either #}
