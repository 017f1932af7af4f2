"""Pages of the collaboration app, by subject; ``urls.py`` imports each module."""
