"""GraphQL for sales_channels: channels, views, assigns, mirrors, the sync queue, vendor calls and imports."""

from sales_channels.schema.mutations import Mutation
from sales_channels.schema.queries import Query

__all__ = ["Mutation", "Query"]
