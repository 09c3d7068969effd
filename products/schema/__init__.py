"""GraphQL for products."""

from products.schema.mutations import Mutation
from products.schema.queries import Query

__all__ = ["Mutation", "Query"]
