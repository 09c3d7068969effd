"""The connection state of a Shopify channel: the framework's `sales_channels.connection`, re-exported.

Kept as a module so Shopify's connect flows and receivers import their status helpers from one
place; the behaviour (redaction, installation time, clearing `CREDENTIAL_FIELDS`) is the framework's.
"""

from sales_channels.connection import (
    CONNECTED,
    DISCONNECTED,
    FAILED,
    mark_connected,
    mark_disconnected,
    record_connection_failure,
    record_connection_warning,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel

TOKEN_FIELDS = ShopifySalesChannel.CREDENTIAL_FIELDS

__all__ = [
    "CONNECTED",
    "DISCONNECTED",
    "FAILED",
    "TOKEN_FIELDS",
    "mark_connected",
    "mark_disconnected",
    "record_connection_failure",
    "record_connection_warning",
]
