"""Shopify import processors by kind."""

IMPORT_PROCESSORS: dict = {}
