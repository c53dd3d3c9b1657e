"""`schemactl lint`: pglast rules over rendered SQL, with a model of the schema built so far."""
