"""The hall simulator: real use cases on a store whose clock a discrete-event run moves."""
