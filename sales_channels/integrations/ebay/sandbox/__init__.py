"""A stateful emulator of eBay's Sell APIs (OAuth, Identity, Account, Inventory, Notification) on 127.0.0.1."""

from .server import EbaySandbox, serve

__all__ = ["EbaySandbox", "serve"]
