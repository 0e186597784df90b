"""`newscrawl serve`: the archive in Datasette, read-only, with article bodies sanitized again."""
