"""schemactl: raw-SQL, schema-as-code migrations for PostgreSQL."""

__version__ = "0.1.0"
