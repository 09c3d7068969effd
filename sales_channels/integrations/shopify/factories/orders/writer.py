"""Writing a parsed Shopify order through the framework's order writer (`sales_channels.imports.orders`).

Shopify's part is the mapping (its financial and fulfillment statuses -> the local status, done
by the parser) and the reference: the shop's name and Shopify's order name, e.g. "my-shop-1001".
"""

from orders.models import Order
from sales_channels.imports import orders as framework_orders
from sales_channels.imports.values import ImportedOrder

currency_for = framework_orders.currency_for


def order_reference(*, channel, name: str) -> str:
    """A company-unique reference: the shop's name and Shopify's order name, e.g. "my-shop-1001"."""
    shop = (channel.shop_domain or "shopify").split(".", 1)[0]
    return f"{shop}-{name.lstrip('#')}"[:100]


def write_order(*, channel, order: ImportedOrder) -> tuple[Order, str]:
    """(local order, outcome kind): created, updated or unchanged (idempotent by the order gid)."""
    return framework_orders.write_order(
        channel=channel, order=order, reference=order_reference(channel=channel, name=order.name)
    )
