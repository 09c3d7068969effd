"""Shopify orders: the periodic cursor import and the orders/create webhook, into the local orders app."""

from orders.models import Order
from sales_channels.integrations.shopify.factories.orders.parsers import parse_webhook_order
from sales_channels.integrations.shopify.factories.orders.writer import write_order


def import_order_from_webhook(*, channel, payload: dict) -> Order:
    """Take a verified orders/create webhook payload (REST shape) into the local orders app; idempotent."""
    order, _kind = write_order(channel=channel, order=parse_webhook_order(payload))
    return order


__all__ = ["import_order_from_webhook"]
