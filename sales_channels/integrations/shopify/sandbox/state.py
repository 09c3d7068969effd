"""In-memory shop state of the Shopify sandbox: plain dataclasses, numeric ids and gid helpers.

Every object gets its id from one shop-wide counter, so a gid of the wrong kind (a variant id sent
where a product id is expected) never accidentally resolves. Resolvers mutate this state only while
holding `SandboxState.lock`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar

GID_RE = re.compile(r"^gid://shopify/(?P<kind>[A-Za-z]+)/(?P<id>\d+)(?:\?.*)?$")


def gid(kind: str, number: int) -> str:
    """The Shopify global id of an object, e.g. gid://shopify/Product/1001."""
    return f"gid://shopify/{kind}/{number}"


def parse_gid(value: object, kind: str) -> int | None:
    """The numeric id in a gid of the given kind, or None when the value is not such a gid."""
    match = GID_RE.match(value) if isinstance(value, str) else None
    if match is None or match["kind"] != kind:
        return None
    return int(match["id"])


def digest(value: str | None) -> str | None:
    """Shopify's content digest: the sha256 hex of a value (translations and metafield compareDigest)."""
    return None if value is None else hashlib.sha256(value.encode()).hexdigest()


def now_iso() -> str:
    """The current wall-clock time as Shopify formats DateTime values."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Metafield:
    """A metafield value on a product or variant."""

    typename: ClassVar[str] = "Metafield"
    id: int
    owner_gid: str
    namespace: str
    key: str
    type: str
    value: str

    @property
    def gid(self) -> str:
        return gid("Metafield", self.id)

    @property
    def compare_digest(self) -> str:
        return digest(self.value) or ""


@dataclass
class OptionValue:
    """One value of a product option (e.g. "Blue")."""

    id: int
    name: str

    @property
    def gid(self) -> str:
        return gid("ProductOptionValue", self.id)


@dataclass
class ProductOption:
    """A variation axis of a product (e.g. "Color"), at most three per product."""

    id: int
    name: str
    position: int
    option_values: list[OptionValue] = field(default_factory=list)

    @property
    def gid(self) -> str:
        return gid("ProductOption", self.id)


@dataclass
class InventoryItem:
    """The stock-keeping unit behind a variant: the SKU and the quantities per location."""

    typename: ClassVar[str] = "InventoryItem"
    id: int
    sku: str | None = None
    tracked: bool = True
    cost: str | None = None
    harmonized_system_code: str | None = None
    requires_shipping: bool = True
    levels: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def gid(self) -> str:
        return gid("InventoryItem", self.id)


@dataclass
class Variant:
    """A product variant; `selected` holds (option name, value name) pairs in option order."""

    id: int
    product_id: int
    inventory_item: InventoryItem
    selected: list[tuple[str, str]] = field(default_factory=list)
    position: int = 1
    price: str = "0.00"
    compare_at_price: str | None = None
    barcode: str | None = None
    inventory_policy: str = "DENY"
    metafields: list[Metafield] = field(default_factory=list)
    typename: ClassVar[str] = "ProductVariant"

    @property
    def gid(self) -> str:
        return gid("ProductVariant", self.id)

    @property
    def title(self) -> str:
        return " / ".join(value for _name, value in self.selected) or "Default Title"


@dataclass
class MediaImage:
    """A product image; `original_source` is the URL the client sent."""

    typename: ClassVar[str] = "MediaImage"
    id: int
    original_source: str
    alt: str | None = None
    ready_at: float = 0.0  # on the sandbox clock: PROCESSING until then (see media.py)
    media_content_type: str = "IMAGE"
    width: int = 1024
    height: int = 1024

    @property
    def gid(self) -> str:
        return gid("MediaImage", self.id)


@dataclass
class Product:
    """A product with its options, variants, metafields, media and publications."""

    typename: ClassVar[str] = "Product"
    id: int
    title: str
    handle: str
    description_html: str = ""
    status: str = "ACTIVE"
    vendor: str = ""
    product_type: str = ""
    tags: list[str] = field(default_factory=list)
    options: list[ProductOption] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    metafields: list[Metafield] = field(default_factory=list)
    media: list[MediaImage] = field(default_factory=list)
    publication_ids: set[int] = field(default_factory=set)
    updated_at: str = field(default_factory=now_iso)

    @property
    def gid(self) -> str:
        return gid("Product", self.id)


@dataclass
class Location:
    """An inventory location."""

    id: int
    name: str
    is_active: bool = True
    fulfills_online_orders: bool = True

    @property
    def gid(self) -> str:
        return gid("Location", self.id)


@dataclass
class Publication:
    """A sales channel a product can be published to."""

    id: int
    title: str
    auto_publish: bool = False
    supports_future_publishing: bool = False

    @property
    def gid(self) -> str:
        return gid("Publication", self.id)


@dataclass
class ShopLocale:
    """A language enabled on the shop."""

    locale: str
    name: str
    primary: bool = False
    published: bool = True


@dataclass
class Market:
    """A market with its base currency."""

    id: int
    name: str
    handle: str
    currency_code: str
    currency_name: str
    status: str = "ACTIVE"
    type: str = "REGION"
    local_currencies: bool = False

    @property
    def gid(self) -> str:
        return gid("Market", self.id)


@dataclass
class MetafieldDefinition:
    """A metafield definition; `validations` holds (name, value) pairs such as ("choices", '["A"]')."""

    id: int
    name: str
    namespace: str
    key: str
    type: str
    owner_type: str = "PRODUCT"
    description: str | None = None
    validations: list[tuple[str, str]] = field(default_factory=list)
    unique_values: bool = False  # the uniqueValues capability: a value identifies one owner (productSet customId)

    @property
    def gid(self) -> str:
        return gid("MetafieldDefinition", self.id)


@dataclass
class Translation:
    """A registered translation and the digest of the source content it was made from."""

    locale: str
    key: str
    value: str
    source_digest: str


@dataclass
class CurrencySetting:
    """A currency enabled on the shop."""

    id: int
    currency_code: str
    currency_name: str
    enabled: bool = True


@dataclass
class LineItem:
    """An order line, identified by SKU."""

    id: int
    sku: str | None
    title: str
    quantity: int
    unit_price: str
    currency_code: str = "EUR"

    @property
    def gid(self) -> str:
        return gid("LineItem", self.id)


@dataclass
class Customer:
    """The buyer of an order."""

    id: int
    first_name: str | None
    last_name: str | None
    email: str | None

    @property
    def gid(self) -> str:
        return gid("Customer", self.id)


@dataclass
class Order:
    """A placed order with its line items."""

    id: int
    name: str
    processed_at: str
    currency_code: str
    email: str | None
    customer: Customer | None
    line_items: list[LineItem]
    display_financial_status: str = "PAID"
    display_fulfillment_status: str = "UNFULFILLED"
    updated_at: str = ""

    @property
    def gid(self) -> str:
        return gid("Order", self.id)

    @property
    def total(self) -> str:
        return f"{sum(float(line.unit_price) * line.quantity for line in self.line_items):.2f}"


@dataclass
class WebhookSubscription:
    """A webhook subscription to an HTTP callback."""

    id: int
    topic: str
    callback_url: str
    format: str = "JSON"
    include_fields: list[str] = field(default_factory=list)
    metafield_namespaces: list[str] = field(default_factory=list)
    filter: str | None = None

    @property
    def gid(self) -> str:
        return gid("WebhookSubscription", self.id)


@dataclass
class ShopInfo:
    """Shop-level facts returned by the `shop` query."""

    id: int
    name: str
    myshopify_domain: str
    currency_code: str = "EUR"
    enabled_presentment_currencies: list[str] = field(default_factory=lambda: ["EUR", "GBP"])
    iana_timezone: str = "Europe/Amsterdam"
    weight_unit: str = "KILOGRAMS"
    plan_display_name: str = "Shopify"
    max_product_variants: int = 2048
    max_product_options: int = 3
    location_limit: int = 10


class SandboxState:
    """Everything the sandbox shop holds; mutate only while holding `lock`."""

    def __init__(self, shop_domain: str) -> None:
        self.lock = threading.RLock()
        self.clock: Callable[[], float] = time.monotonic
        self.media_processing_seconds = 2.0
        self.bulk_mutation_seconds_per_line = 0.05  # a bulk mutation runs this long per JSONL line
        self._ids = itertools.count(1001)
        self.shop = ShopInfo(id=self.next_id(), name="OneSila Demo", myshopify_domain=shop_domain)
        self.products: dict[int, Product] = {}
        self.locations: dict[int, Location] = {}
        self.publications: dict[int, Publication] = {}
        self.locales: list[ShopLocale] = []
        self.markets: dict[int, Market] = {}
        self.currencies: list[CurrencySetting] = []
        self.metafield_definitions: dict[int, MetafieldDefinition] = {}
        self.orders: dict[int, Order] = {}
        self.webhook_subscriptions: dict[int, WebhookSubscription] = {}
        self.translations: dict[str, dict[tuple[str, str], Translation]] = {}
        # @idempotent keys already applied: key -> (fingerprint of the input, the answer given).
        self.idempotent_results: dict[str, tuple[str, dict]] = {}

    def next_id(self) -> int:
        return next(self._ids)

    def new_inventory_item(self, sku: str | None = None) -> InventoryItem:
        """An inventory item stocked (at zero) at every active location."""
        item = InventoryItem(id=self.next_id(), sku=sku)
        for location in self.locations.values():
            if location.is_active:
                item.levels[location.id] = {"available": 0, "on_hand": 0}
        return item

    def product_by_gid(self, value: object) -> Product | None:
        number = parse_gid(value, "Product")
        return None if number is None else self.products.get(number)

    def variants(self) -> list[Variant]:
        return [variant for product in self.products.values() for variant in product.variants]

    def variant_by_gid(self, value: object) -> Variant | None:
        number = parse_gid(value, "ProductVariant")
        return next((variant for variant in self.variants() if variant.id == number), None)

    def inventory_item_by_gid(self, value: object) -> InventoryItem | None:
        number = parse_gid(value, "InventoryItem")
        items = (variant.inventory_item for variant in self.variants())
        return next((item for item in items if item.id == number), None)

    def metafield_by_gid(self, value: object) -> Metafield | None:
        number = parse_gid(value, "Metafield")
        for product in self.products.values():
            owners = [product.metafields, *(variant.metafields for variant in product.variants)]
            for metafields in owners:
                found = next((metafield for metafield in metafields if metafield.id == number), None)
                if found is not None:
                    return found
        return None

    def metafield_owner(self, owner_gid: object) -> Product | Variant | None:
        """The product or variant a metafield can be set on."""
        return self.product_by_gid(owner_gid) or self.variant_by_gid(owner_gid)

    def location_by_gid(self, value: object) -> Location | None:
        number = parse_gid(value, "Location")
        return None if number is None else self.locations.get(number)

    def definition_for(self, owner_type: str, namespace: str, key: str) -> MetafieldDefinition | None:
        definitions = self.metafield_definitions.values()
        return next(
            (d for d in definitions if (d.owner_type, d.namespace, d.key) == (owner_type, namespace, key)),
            None,
        )

    def primary_locale(self) -> str:
        return next((locale.locale for locale in self.locales if locale.primary), "en")

    @property
    def product_count(self) -> int:
        return len(self.products)

    @property
    def variant_count(self) -> int:
        return len(self.variants())

    @property
    def media_count(self) -> int:
        return sum(len(product.media) for product in self.products.values())
