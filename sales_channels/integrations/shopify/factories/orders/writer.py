"""Writing a parsed Shopify order through the framework's order writer (`sales_channels.imports.orders`).

Shopify's part is the mapping (its financial and fulfillment statuses -> the local status, done
by the parser) and the reference: the shop's name and Shopify's order name, e.g. "my-shop-1001".
"""

from orders.models import Order
from sales_channels.imports import orders as framework_orders
from sales_channels.imports.values import ImportedOrder as NeutralOrder
from sales_channels.imports.values import ImportedOrderLine
from sales_channels.integrations.shopify.factories.orders.parsers import ImportedOrder

currency_for = framework_orders.currency_for


def order_reference(*, channel, name: str) -> str:
    """A company-unique reference: the shop's name and Shopify's order name, e.g. "my-shop-1001"."""
    shop = (channel.shop_domain or "shopify").split(".", 1)[0]
    return f"{shop}-{name.lstrip('#')}"[:100]


def to_neutral(order: ImportedOrder) -> NeutralOrder:
    """The framework's order value of a parsed Shopify order (status resolved from Shopify's statuses)."""
    return NeutralOrder(
        remote_id=order.remote_id,
        name=order.name,
        currency=order.currency,
        ordered_at=order.ordered_at,
        lines=tuple(
            ImportedOrderLine(sku=line.sku, name=line.name, quantity=line.quantity, price=line.price)
            for line in order.lines
        ),
        status=order.status,
        customer_name=order.customer_name,
        customer_email=order.customer_email,
        total=order.total,
    )


def write_order(*, channel, order: ImportedOrder) -> tuple[Order, str]:
    """(local order, outcome kind): created, updated or unchanged (idempotent by the order gid)."""
    return framework_orders.write_order(
        channel=channel, order=to_neutral(order), reference=order_reference(channel=channel, name=order.name)
    )
