"""GraphQL for currencies."""
