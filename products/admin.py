"""Admin for products."""
