"""The Shopify order import: `orders` pages by cursor, oldest processed first, each into the local orders app.

Resumable twice over: within a run the framework saves the cursor (and the `since` it started
from) on the ImportProcess of kind "orders" after every page; across runs the next import asks
only for orders processed since the newest order already imported from the channel (orders at
that instant come again and are recognised by their gid). The framework's order poll
(`sales_channels/imports/order_polls.py`) starts one every 15 minutes while order import is on.
"""

from datetime import UTC
from typing import Any

from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.imports.orders import OrderImportStep, newest_imported_order_at
from sales_channels.imports.values import ImportedOrder
from sales_channels.integrations.shopify.factories.imports import answers
from sales_channels.integrations.shopify.factories.orders.parsers import parse_order_node
from sales_channels.integrations.shopify.factories.orders.writer import order_reference

KIND = "orders"
PAGE_SIZE = 10


class ShopifyOrderImportStep(OrderImportStep):
    """One Shopify order node -> the framework's order value; the framework writer does the rest."""

    def parse(self) -> ImportedOrder:
        return parse_order_node(self.record)

    def reference_for(self, order: ImportedOrder) -> str:
        return order_reference(channel=self.channel, name=order.name)


def orders_since(*, channel) -> str | None:
    """Shopify search value for the newest imported order of the channel (UTC, ISO 8601), or None."""
    newest = newest_imported_order_at(channel=channel)
    if newest is None:
        return None
    return newest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ShopifyOrdersImport(ImportProcessor):
    """Orders by cursor pages (kind "orders"), processed since the last imported one."""

    kind = KIND
    item_step = ShopifyOrderImportStep
    page_size = PAGE_SIZE

    def identifier(self, record: Any) -> str:
        if not isinstance(record, dict):
            return ""
        return str(record.get("name") or record.get("id") or "")[:255]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        cursor = cursor or {"since": orders_since(channel=self.context.channel)}
        since = cursor.get("since")
        variables = {
            "first": self.page_size,
            "after": cursor.get("after"),
            "sortKey": "PROCESSED_AT",
            "query": f"processed_at:>='{since}'" if since else None,
        }
        answer = answers.orders_page(data=self.context.client.execute(document="orders_page", variables=variables))
        following = answer.orders.page_info.following
        return Page(
            records=answer.orders.nodes, next_cursor={"since": since, "after": following} if following else None
        )
