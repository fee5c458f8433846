"""hallq-web: the citizen's phone (ticket pages, the board, bookings, API and webhooks)."""

from web.privileges import WEB_PRIVILEGES, WEBHOOK_PRIVILEGES

__all__ = ["WEBHOOK_PRIVILEGES", "WEB_PRIVILEGES"]
