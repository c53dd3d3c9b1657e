"""`schemactl verify`: the security rules over a live database."""
