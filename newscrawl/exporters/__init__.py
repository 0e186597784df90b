"""Writers of the archive: SQLite (sqlite-utils) and post files; usable without a crawl."""
