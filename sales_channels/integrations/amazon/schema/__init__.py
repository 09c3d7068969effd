"""GraphQL for Amazon channels: create, connect (consent or a pasted authorization), product types, list."""

from sales_channels.integrations.amazon.schema.mutations import Mutation
from sales_channels.integrations.amazon.schema.queries import Query

__all__ = ["Mutation", "Query"]
