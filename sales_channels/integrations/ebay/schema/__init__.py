"""GraphQL for eBay channels: create, update, connect (consent), list; marketplaces, their policies and choices."""

from sales_channels.integrations.ebay.schema.mutations import Mutation
from sales_channels.integrations.ebay.schema.queries import Query

__all__ = ["Mutation", "Query"]
