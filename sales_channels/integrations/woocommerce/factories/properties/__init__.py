"""WooCommerce: global attributes and terms for variation axes; other properties travel as meta_data."""
