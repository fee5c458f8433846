"""hallq shared."""
