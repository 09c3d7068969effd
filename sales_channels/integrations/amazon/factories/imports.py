"""Importing the seller's listings of the default marketplace through `searchListingsItems`.

Pages of at most 20 listings (`pageToken` is the resumable cursor). Each listing becomes a local
product linked by SKU (or created): its name, price in the marketplace currency, merchant-fulfilled
quantity (location "Amazon MFN"), images, and the attributes that are mapped to local properties in
the product type's stored schema. Amazon pages through at most 1,000 SKUs this way: larger catalogs
need the listings report (not implemented yet, see docs/integrations/amazon.md).
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import Page
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
from sales_channels.imports.values import (
    ImportedContent,
    ImportedImage,
    ImportedPrice,
    ImportedProduct,
    ImportedPropertyValue,
    ImportedStock,
)
from sales_channels.integrations.amazon.factories.orders import KIND as ORDERS_KIND
from sales_channels.integrations.amazon.factories.orders import AmazonOrdersImport
from sales_channels.models import MarketplaceSchema, SalesChannelView

PAGE_SIZE = 20
STOCK_LOCATION = "Amazon MFN"
IMAGE_ATTRIBUTES = ("main_product_image_locator", *(f"other_product_image_locator_{n}" for n in range(1, 9)))


def _first(attributes: dict[str, Any], name: str, key: str = "value") -> Any:
    values = attributes.get(name) or []
    return values[0].get(key) if values and isinstance(values[0], dict) else None


def _price(attributes: dict[str, Any]) -> tuple[ImportedPrice, ...]:
    offers = attributes.get("purchasable_offer") or []
    try:
        offer = offers[0]
        amount = offer["our_price"][0]["schedule"][0]["value_with_tax"]
        return (ImportedPrice(price=Decimal(str(amount)), currency=str(offer.get("currency", ""))),)
    except (IndexError, KeyError, TypeError, InvalidOperation):
        return ()


class AmazonListingImportStep(ProductImportStep):
    """One listing (an Item with summaries and attributes) -> a neutral ImportedProduct."""

    def mapped_properties(self, product_type: str) -> dict[str, int]:
        """Attribute code -> local property id, for this product type in the import's marketplace."""
        view = self.context.view

        def load() -> dict[str, int]:
            schema = MarketplaceSchema.objects.filter(view=view, remote_type=product_type).first()
            if schema is None:
                return {}
            return {a.code: a.local_property_id for a in schema.attributes.exclude(local_property=None)}

        return self.context.cached(("amazon_import_mapping", getattr(view, "pk", None), product_type), load)

    def parse(self) -> ImportedProduct:
        record = self.record
        sku = record.get("sku")
        summaries = record.get("summaries") or []
        if not isinstance(sku, str) or not sku or not summaries:
            raise InvalidVendorPayload(f"a listing needs a SKU and a summary, got {str(record)[:120]}")
        summary = summaries[0]
        attributes = record.get("attributes") or {}
        product_type = str(summary.get("productType") or "")
        properties = tuple(
            ImportedPropertyValue(value=str(value), property_id=property_id)
            for code, property_id in sorted(self.mapped_properties(product_type).items())
            if (value := _first(attributes, code)) not in (None, "")
        )
        quantity = _first(attributes, "fulfillment_availability", "quantity")
        images = tuple(
            ImportedImage(url=url) for name in IMAGE_ATTRIBUTES if (url := _first(attributes, name, "media_location"))
        )
        return ImportedProduct(
            remote_id=sku,
            sku=sku,
            active="BUYABLE" in (summary.get("status") or []),
            contents=(
                ImportedContent(
                    name=summary.get("itemName") or _first(attributes, "item_name") or sku,
                    language="en",
                    description=_first(attributes, "product_description") or "",
                ),
            ),
            prices=_price(attributes),
            stock=(ImportedStock(location=STOCK_LOCATION, quantity=int(quantity)),) if quantity is not None else None,
            images=images,
            properties=properties,
            raw=record,
        )


class AmazonListingsImport(CatalogImportProcessor):
    """The seller's listings in the channel's default marketplace, page by page."""

    kind = "products"
    item_step = AmazonListingImportStep

    def marketplace(self) -> SalesChannelView:
        view = SalesChannelView.objects.filter(sales_channel=self.context.channel, active=True).order_by(
            "-is_default", "pk"
        )
        found = view.first()
        if found is None:
            raise InvalidVendorPayload("The channel has no marketplace yet: pull its marketplaces first.")
        return found

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        if self.context.view is None:
            self.context.view = self.marketplace()
        answer = self.context.client.search_listings(
            marketplace_id=self.context.view.remote_id, page_token=(cursor or {}).get("token", ""), page_size=PAGE_SIZE
        )
        token = (answer.get("pagination") or {}).get("nextToken")
        return Page(
            records=list(answer.get("items") or []),
            next_cursor={"token": token} if token else None,
            total=answer.get("numberOfResults"),
        )


IMPORT_PROCESSORS = {"products": AmazonListingsImport, ORDERS_KIND: AmazonOrdersImport}
