"""WooCommerce signal wiring: the framework's product signals drive the registered steps (no own receivers)."""
