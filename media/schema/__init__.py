"""GraphQL for media and their product links."""

from media.schema.mutations import Mutation
from media.schema.queries import Query

__all__ = ["Mutation", "Query"]
