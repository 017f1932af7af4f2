"""Writes of the collaboration app, by subject: import the subject's module."""
