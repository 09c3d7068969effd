"""GraphQL for sales_prices."""
