"""Qt pieces the three apps share."""
