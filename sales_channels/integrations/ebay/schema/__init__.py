"""GraphQL for eBay channels: create, update, connect (consent) and list."""

from sales_channels.integrations.ebay.schema.mutations import Mutation
from sales_channels.integrations.ebay.schema.queries import Query

__all__ = ["Mutation", "Query"]
