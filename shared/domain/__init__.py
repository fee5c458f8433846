"""The queue's rules in plain Python: no Qt, no SQL, no devices."""
