"""WooCommerce models: the channel (credentials live here); listings use the framework's mirrors."""

from sales_channels.integrations.woocommerce.models.sales_channels import WooCommerceSalesChannel

__all__ = ["WooCommerceSalesChannel"]
