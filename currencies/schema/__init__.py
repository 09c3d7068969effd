"""GraphQL for currencies."""

from currencies.schema.mutations import Mutation
from currencies.schema.queries import Query

__all__ = ["Mutation", "Query"]
