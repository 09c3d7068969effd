"""Shopify properties: metafield definitions pulled, local properties mapped to metafields or options."""
