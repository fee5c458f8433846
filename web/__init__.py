"""hallq-web: the citizen's phone (ticket pages, the board, bookings, API and webhooks)."""
