"""Shopify's page answers as typed values (`sales_channels.typed`): the envelopes the import and order code read.

The envelope (connection, nodes list, pageInfo) is parsed here, so a wrong shape is one
`InvalidVendorPayload` naming the path; each node stays a dict for its record parser
(`parse_product_node`, `parse_order_node`), so one bad node fails one record, not the page.
"""

from dataclasses import dataclass, field
from typing import Any

from sales_channels.typed import parse_answer


@dataclass(frozen=True)
class PageInfo:
    """Whether another page follows and the cursor it starts after."""

    has_next_page: bool = field(default=False, metadata={"key": "hasNextPage"})
    end_cursor: str | None = field(default=None, metadata={"key": "endCursor"})

    @property
    def following(self) -> str | None:
        """The cursor of the next page, or None when this was the last."""
        return self.end_cursor if self.has_next_page else None


@dataclass(frozen=True)
class NodesConnection:
    """A connection's nodes (raw, for the record parsers) and its pageInfo."""

    nodes: list[Any]
    page_info: PageInfo = field(default_factory=PageInfo, metadata={"key": "pageInfo"})


@dataclass(frozen=True)
class ProductsPageAnswer:
    """ProductsPage."""

    products: NodesConnection


@dataclass(frozen=True)
class OrdersPageAnswer:
    """OrdersPage."""

    orders: NodesConnection


@dataclass(frozen=True)
class ItemLevels:
    """One inventory item of InventoryLevelsByItems and its inventoryLevels connection."""

    id: str
    inventory_levels: dict | None = field(default=None, metadata={"key": "inventoryLevels"})


@dataclass(frozen=True)
class InventoryLevelsAnswer:
    """InventoryLevelsByItems (`nodes(ids:)`: null for an id that no longer exists)."""

    nodes: list[ItemLevels | None]


def products_page(*, data: Any) -> ProductsPageAnswer:
    return parse_answer(answer_type=ProductsPageAnswer, data=data, path="ProductsPage")


def orders_page(*, data: Any) -> OrdersPageAnswer:
    return parse_answer(answer_type=OrdersPageAnswer, data=data, path="OrdersPage")


def inventory_levels(*, data: Any) -> InventoryLevelsAnswer:
    return parse_answer(answer_type=InventoryLevelsAnswer, data=data, path="InventoryLevelsByItems")
