"""What serves a published release: its metadata (catalog, changes, page), reading it (query, search,
integrity) and moving it (distribute)."""
