"""GraphQL for properties."""
