"""A stateful Amazon SP-API emulator (LWA, Sellers, Product Type Definitions, Listings Items, Feeds) on 127.0.0.1."""

from .server import AmazonSandbox, serve

__all__ = ["AmazonSandbox", "serve"]
