"""GraphQL for Shopify channels: create, update, connect (OAuth or custom app) and list."""

from sales_channels.integrations.shopify.schema.mutations import Mutation
from sales_channels.integrations.shopify.schema.queries import Query

__all__ = ["Mutation", "Query"]
