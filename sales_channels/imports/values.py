"""Neutral imported values: what any vendor's record becomes before the framework writes it locally.

An integration maps its own record (GraphQL node, REST object, feed row) into these dataclasses
at the edge; the catalog writer (`sales_channels.imports.catalog`) and the order writer
(`sales_channels.imports.orders`) take them from there. Every field is plain data, so a value can
be built in a test without a vendor. `raw` fields are never read by the writers: they travel
with the value so a per-record problem can keep the record it came from.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SIMPLE = "SIMPLE"
CONFIGURABLE = "CONFIGURABLE"


@dataclass(frozen=True)
class ImportedContent:
    """A product's name, description and url key in one language (None: the company's language)."""

    name: Any
    language: str | None = None
    description: Any = ""
    url_key: str = ""


@dataclass(frozen=True)
class ImportedPrice:
    """The price (and optional RRP) in one currency (ISO code; empty: the channel's default currency)."""

    price: Decimal | None
    currency: str = ""
    rrp: Decimal | None = None


@dataclass(frozen=True)
class ImportedStock:
    """Available quantity at one location, named as the vendor names it."""

    location: str
    quantity: int


@dataclass(frozen=True)
class ImportedImage:
    """An image by source URL; `remote_id` binds the vendor's image to the local link when given."""

    url: str
    alt: str = ""
    remote_id: str = ""


@dataclass(frozen=True)
class ImportedPropertyValue:
    """A property value: a select option by property name (created when missing), or a mapped property.

    With `property_id` the value is written into that local property by its type (text, number,
    boolean, date, select labels); without it, `name` is a SELECT property found by name (any
    language, case-insensitive) or created, and `value` is its option label.
    """

    value: str
    name: str = ""
    property_id: int | None = None


@dataclass(frozen=True)
class ImportedVariation:
    """One variation of a configurable: SKU, its axis values, content suffix, prices, stock and barcode."""

    sku: str
    remote_id: str = ""
    title: str = ""
    axes: tuple[tuple[str, str], ...] = ()
    prices: tuple[ImportedPrice, ...] = ()
    stock: tuple[ImportedStock, ...] | None = None
    barcode: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ImportedProduct:
    """A vendor product as the catalog writer takes it (simple with its own SKU, or configurable with variations).

    `stock=None` means the vendor record carried no stock (leave local stock as it is); an empty
    tuple means no levels. `axes` names the variation axes in order; `product_type` names the
    local product type (a configurable without one uses its first name). `extra` carries what
    an integration's binding hook needs (e.g. vendor variant ids) and is never written by the writer.
    """

    remote_id: str
    sku: Any
    type: str = SIMPLE
    active: bool = True
    contents: tuple[ImportedContent, ...] = ()
    prices: tuple[ImportedPrice, ...] = ()
    stock: tuple[ImportedStock, ...] | None = None
    images: tuple[ImportedImage, ...] = ()
    properties: tuple[ImportedPropertyValue, ...] = ()
    axes: tuple[str, ...] = ()
    variations: tuple[ImportedVariation, ...] = ()
    product_type: str = ""
    barcode: str = ""
    raw: Any = field(default=None, compare=False, repr=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_configurable(self) -> bool:
        return self.type == CONFIGURABLE


@dataclass(frozen=True)
class ImportedOrderLine:
    """An order line: SKU (may be empty for custom items), name, quantity and unit price."""

    sku: str
    name: str
    quantity: int
    price: Decimal


@dataclass(frozen=True)
class ImportedOrder:
    """A vendor order as the order writer takes it; customer fields may be empty (redacted by the vendor)."""

    remote_id: str
    name: str
    currency: str
    ordered_at: datetime.datetime | None
    lines: tuple[ImportedOrderLine, ...]
    status: str = "PENDING"
    customer_name: str = ""
    customer_email: str = ""
    total: Decimal | None = None
