"""Migration revisions, applied in order. Never edit a released one: add a new revision."""
