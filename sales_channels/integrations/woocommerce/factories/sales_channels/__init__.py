"""WooCommerce: key checks, the key-provisioning flow and the metadata pull."""
