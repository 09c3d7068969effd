"""Admin for sales_prices."""
