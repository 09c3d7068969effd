"""The Woocommerce integration: a thin plug-in on the sales-channel framework."""
