"""Shopify product steps by usage."""

STEPS: dict = {}
