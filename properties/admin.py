"""Admin for properties."""
