"""GraphQL for sales_channels."""
