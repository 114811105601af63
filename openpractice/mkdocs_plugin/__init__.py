"""The thin MkDocs layer: event glue over the core (see plugin.py)."""
