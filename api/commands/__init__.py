"""`tacit` sub-commands, one module per family; each exposes `register(app)`."""
