"""One module per live rule (codes SC9xx); the registry discovers them."""
