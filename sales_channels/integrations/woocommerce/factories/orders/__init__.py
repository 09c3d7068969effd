"""WooCommerce: orders by `modified_after` pages and from `order.*` webhooks, into the local orders app."""
