"""Generated documentation read from the catalog: docs/DATA_DICTIONARY.md (`schemactl docs`)."""
