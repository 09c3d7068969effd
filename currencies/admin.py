"""Admin for currencies."""
