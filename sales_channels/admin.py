"""Admin for sales_channels."""
