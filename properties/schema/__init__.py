"""GraphQL for properties."""

from properties.schema.mutations import Mutation
from properties.schema.queries import Query

__all__ = ["Mutation", "Query"]
