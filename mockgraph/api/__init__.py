"""The HTTP surface: Graph's routes and the mock's own test hooks."""
