"""Performance benchmarks, run as scripts (see benchmarks/seed.py)."""
