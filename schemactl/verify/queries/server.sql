-- The database, the server version and who is looking.
SELECT pg_catalog.current_database(), pg_catalog.current_setting('server_version_num')::integer, current_user
