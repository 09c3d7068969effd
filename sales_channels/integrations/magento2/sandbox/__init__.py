"""A stateful Magento 2.4 admin REST emulator (OAuth 1.0a, searchCriteria, EAV, async bulk) on 127.0.0.1."""

from .server import Magento2Sandbox, serve

__all__ = ["Magento2Sandbox", "serve"]
