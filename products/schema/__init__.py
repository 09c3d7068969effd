"""GraphQL for products."""
