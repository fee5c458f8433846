"""The change feed: apps learn of new events without re-reading everything."""
