"""Forms of the collaboration app, by subject."""
