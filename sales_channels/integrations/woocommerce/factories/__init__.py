"""WooCommerce steps: pulls, pushes and imports, one folder per domain."""
