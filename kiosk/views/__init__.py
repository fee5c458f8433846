"""The kiosk's pages: thin widgets that paint what the controller says."""
