"""The `hallq` command line."""
