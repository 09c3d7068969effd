"""GraphQL for orders and their lines."""

from orders.schema.mutations import Mutation
from orders.schema.queries import Query

__all__ = ["Mutation", "Query"]
