"""GraphQL for sales prices and price lists."""

from sales_prices.schema.mutations import Mutation
from sales_prices.schema.queries import Query

__all__ = ["Mutation", "Query"]
