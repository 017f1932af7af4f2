"""The pages of the evaluation cycle, a module for each step."""
