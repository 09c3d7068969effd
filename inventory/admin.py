"""Admin for inventory."""
