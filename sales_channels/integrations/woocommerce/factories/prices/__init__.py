"""WooCommerce: sale windows from price lists (prices travel inside the product body)."""
