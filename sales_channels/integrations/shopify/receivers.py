"""Shopify receivers: metadata pulls after connect (table rows only; logic lives in factories)."""
