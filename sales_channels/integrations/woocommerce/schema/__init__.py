"""GraphQL for WooCommerce channels: create, update, connect (keys or key provisioning) and list."""

from sales_channels.integrations.woocommerce.schema.mutations import Mutation
from sales_channels.integrations.woocommerce.schema.queries import Query

__all__ = ["Mutation", "Query"]
