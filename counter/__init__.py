"""hallq counter."""
