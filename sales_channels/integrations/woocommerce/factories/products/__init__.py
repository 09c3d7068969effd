"""WooCommerce: product push steps (batch and single) and their pure payload builders."""
