"""A fake integration living in the tests: an in-memory vendor, its client, steps and two specs."""
