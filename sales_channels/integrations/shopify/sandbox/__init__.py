"""A stateful Shopify Admin API (2026-01) and OAuth emulator served over HTTP on 127.0.0.1."""

from .server import ShopifySandbox, serve

__all__ = ["ShopifySandbox", "serve"]
