"""Catalog snapshots: introspect a database into a deterministic model, serialise it, diff two."""
