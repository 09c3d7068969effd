"""Import of the seller's inventory items: pages of `inventory_item`, groups into configurables, by SKU.

`GET /inventory_item` pages with `offset` = the page number (resumable: the cursor is the next page
and the group keys already taken). An item of an inventory item group is imported with its group,
as one configurable whose variations are the group's SKUs (the first time one of its items shows
up); other items are simple products. The offer of each SKU in the default marketplace gives its
price, offer id and listing id (kept on `EbayOffer`, so a later push updates instead of creating).
The catalog writer links local products by SKU and creates the rest; listings become mirrors of
the default marketplace view with the SKU (group key) as remote id, like the push makes them.
Listings made outside the Inventory API are not returned by eBay here (they need
`bulk_migrate_listing` first) and are therefore not imported.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload, RemoteObjectMissing
from sales_channels.factories.imports import Page
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
from sales_channels.imports.plans import WrittenProduct
from sales_channels.imports.values import (
    CONFIGURABLE,
    SIMPLE,
    ImportedContent,
    ImportedImage,
    ImportedPrice,
    ImportedProduct,
    ImportedStock,
    ImportedVariation,
)
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbayOffer
from sales_channels.models import ImportProcess

PAGE_SIZE = 100


def _price(offer: dict[str, Any] | None) -> tuple[ImportedPrice, ...]:
    price = (((offer or {}).get("pricingSummary") or {}).get("price")) or {}
    try:
        amount = Decimal(str(price["value"]))
    except (KeyError, InvalidOperation):
        return ()
    return (ImportedPrice(price=amount, currency=str(price.get("currency") or "")),)


def _quantity(item: dict[str, Any]) -> tuple[ImportedStock, ...] | None:
    quantity = ((item.get("availability") or {}).get("shipToLocationAvailability") or {}).get("quantity")
    return None if quantity is None else (ImportedStock(location="ebay", quantity=int(quantity)),)


def to_simple(*, item: dict[str, Any], offer: dict[str, Any] | None) -> ImportedProduct:
    """An inventory item (and its offer) as a simple product."""
    sku = item.get("sku")
    product = item.get("product")
    if not isinstance(sku, str) or not sku or not isinstance(product, dict):
        raise InvalidVendorPayload("an inventory item needs a sku and a product", raw_excerpt=str(item)[:300])
    return ImportedProduct(
        remote_id=sku,
        sku=sku,
        type=SIMPLE,
        contents=(ImportedContent(name=product.get("title") or sku, description=product.get("description") or ""),),
        prices=_price(offer),
        stock=_quantity(item),
        images=tuple(ImportedImage(url=url) for url in product.get("imageUrls") or []),
        barcode=(product.get("ean") or [""])[0],
        raw=item,
        extra={"offers": {sku: offer} if offer else {}},
    )


def to_configurable(
    *, group: dict[str, Any], items: dict[str, dict[str, Any]], offers: dict[str, dict[str, Any]]
) -> ImportedProduct:
    """An inventory item group and its items as a configurable with one variation per SKU."""
    key = group.get("inventoryItemGroupKey")
    specifications = ((group.get("variesBy") or {}).get("specifications")) or []
    axes = tuple(str(spec.get("name")) for spec in specifications if spec.get("name"))
    variations = []
    for sku in group.get("variantSKUs") or []:
        item = items.get(sku) or {}
        aspects = ((item.get("product") or {}).get("aspects")) or {}
        chosen = tuple((axis, str((aspects.get(axis) or [""])[0])) for axis in axes if aspects.get(axis))
        variations.append(
            ImportedVariation(
                sku=sku,
                remote_id=sku,
                title=((item.get("product") or {}).get("title")) or sku,
                axes=chosen,
                prices=_price(offers.get(sku)),
                stock=_quantity(item),
            )
        )
    if not key or not variations:
        raise InvalidVendorPayload("an inventory item group needs a key and variant SKUs", raw_excerpt=str(group)[:300])
    return ImportedProduct(
        remote_id=key,
        sku=key,
        type=CONFIGURABLE,
        contents=(ImportedContent(name=group.get("title") or key, description=group.get("description") or ""),),
        images=tuple(ImportedImage(url=url) for url in group.get("imageUrls") or []),
        axes=axes,
        variations=tuple(variations),
        raw=group,
        extra={"offers": {sku: offer for sku, offer in offers.items() if offer}},
    )


class EbayProductImportStep(ProductImportStep):
    """A prepared record (simple item or group) -> the neutral value."""

    def parse(self) -> ImportedProduct:
        record = self.record
        if "group" in record:
            return to_configurable(group=record["group"], items=record["items"], offers=record["offers"])
        return to_simple(item=record["item"], offer=record.get("offer"))


class EbayProductsImport(CatalogImportProcessor):
    """The seller's inventory items into the catalog, for the channel's default marketplace view (kind "products")."""

    kind = "products"
    item_step = EbayProductImportStep
    page_size = PAGE_SIZE

    def __init__(self, *, process: ImportProcess, context) -> None:
        super().__init__(process=process, context=context)
        if context.view is None:
            context.view = (
                EbayMarketplaceView.objects.filter(sales_channel=context.channel, active=True)
                .order_by("-is_default", "id")
                .first()
            )
        if context.view is None:
            raise InvalidVendorPayload("The channel has no marketplace yet: pull its metadata first.")

    def identifier(self, record: Any) -> str:
        if not isinstance(record, dict):
            return ""
        found = (record.get("group") or {}).get("inventoryItemGroupKey") or (record.get("item") or {}).get("sku")
        return str(found or "")[:255]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        page = int((cursor or {}).get("page") or 0)
        done = list((cursor or {}).get("groups") or [])
        answer = self.context.client.items_page(limit=self.page_size, page=page)
        items = list(answer.get("inventoryItems") or [])
        records = []
        for item in items:
            keys = item.get("inventoryItemGroupKeys") or []
            if not keys:
                records.append({"item": item, "offer": self._offer(str(item.get("sku") or ""))})
            elif keys[0] not in done:
                done.append(keys[0])
                records.append(self._group_record(keys[0]))
        more = (page + 1) * self.page_size < int(answer.get("total") or 0) and bool(items)
        return Page(records=records, next_cursor={"page": page + 1, "groups": done} if more else None)

    def _offer(self, sku: str) -> dict[str, Any] | None:
        if not sku:
            return None
        try:
            offers = self.context.client.offers_for(sku=sku, marketplace=self.context.view.remote_id)
        except RemoteObjectMissing:
            return None
        return next((offer for offer in offers if offer.get("format") == "FIXED_PRICE"), None)

    def _group_record(self, key: str) -> dict[str, Any]:
        group = self.context.client.get_group(key=key)
        skus = list(group.get("variantSKUs") or [])
        items = {sku: self.context.client.get_item(sku=sku) for sku in skus}
        return {"group": group, "items": items, "offers": {sku: self._offer(sku) for sku in skus}}

    def bind(self, *, written: list[tuple[Any, WrittenProduct]]) -> None:
        """Keep the offer and listing ids of the imported listings, so a push updates them."""
        company_id = self.context.company_id
        for _record, result in written:
            offers = result.value.extra.get("offers") or {}
            mirrors = {result.value.sku: result.mirror}
            if result.mirror is not None and result.value.is_configurable:
                mirrors.update({child.remote_sku: child for child in result.mirror.variations.all()})
            for sku, offer in offers.items():
                mirror = mirrors.get(sku)
                if mirror is None or mirror.pk is None:
                    continue
                EbayOffer.objects.update_or_create(
                    remote_product=mirror,
                    defaults={
                        "multi_tenant_company_id": company_id,
                        "offer_id": str(offer.get("offerId") or ""),
                        "listing_id": str(((offer.get("listing") or {}).get("listingId")) or ""),
                    },
                )
