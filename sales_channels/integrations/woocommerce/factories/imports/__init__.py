"""WooCommerce: the catalog import (pages of products with their variations)."""
