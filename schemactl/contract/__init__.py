"""Contract checking: the OpenAPI contracts, their mapping to the schema, and the catalog agree."""
