"""GraphQL for stock locations and stock."""

from inventory.schema.mutations import Mutation
from inventory.schema.queries import Query

__all__ = ["Mutation", "Query"]
