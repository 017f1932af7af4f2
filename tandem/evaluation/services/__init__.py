"""Writes of the evaluation cycle, a module for each step (see ``evaluation.rules`` for
who may make them)."""
