"""Shopify integration: GraphQL documents, the Admin API sandbox and (later) the channel app."""
