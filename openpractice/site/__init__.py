"""What the site shows, as plain functions of the catalogue (no MkDocs here)."""
