"""Import of the seller's inventory items: pages of `inventory_item`, groups into configurables, by SKU.

`GET /inventory_item` pages with `offset` = the page number (resumable: the cursor is the next page
and the group keys already taken). An item of an inventory item group is imported with its group,
as one configurable whose variations are the group's SKUs (the first time one of its items shows
up); other items are simple products. One `GET /offer?sku=` per SKU gives its offers in every
marketplace (one per marketplace and format): the fixed-price offer in the default marketplace
gives the price and, through its category, the product type mapped in the view; the item's
`product.aspects` (the group's for a configurable) become property values through the view's
aspect mappings (`aspects.py`). The catalog writer links local products by SKU and creates the
rest; listings become mirrors of the default marketplace view with the SKU (group key) as remote
id, like the push makes them, and the offers of the channel's other marketplace views are bound
to mirrors of those views, so a later push updates instead of creating (`EbayOffer`).
Listings made outside the Inventory API are not returned by eBay here: one active-listings report
per run (Sell Feed API, `listings_report.py`) finds them, and each is a warning of the import
saying what `bulk_migrate_listing` requires.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from sales_channels.exceptions import InvalidVendorPayload, RateLimited, RemoteObjectMissing, SalesChannelError
from sales_channels.factories.base import CacheKey
from sales_channels.factories.binders import error_text
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
from sales_channels.integrations.ebay.factories.imports import listings_report as report
from sales_channels.integrations.ebay.factories.imports.aspects import AspectMappings
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbayOffer
from sales_channels.models import ImportProcess, MirrorStatus, RemoteProduct

PAGE_SIZE = 100
Offers = dict[str, dict[str, Any]]  # marketplace -> the SKU's offer there (fixed price preferred)
NO_MAPPINGS = AspectMappings()
MAPPINGS_KEY = CacheKey[AspectMappings]("ebay.import_aspect_mappings")


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


def by_marketplace(offers: list[dict[str, Any]]) -> Offers:
    """A SKU's offers by marketplace: the fixed-price one (the one the push makes), else the first."""
    found: Offers = {}
    for offer in offers:
        marketplace = str(offer.get("marketplaceId") or "")
        held = found.get(marketplace)
        if marketplace and (held is None or (offer.get("format") == "FIXED_PRICE" != held.get("format"))):
            found[marketplace] = offer
    return found


def _categories(offers: Offers) -> dict[str, str]:
    """Marketplace -> the category of the SKU's offer there (offers without one left out)."""
    return {where: str(offer["categoryId"]) for where, offer in offers.items() if offer.get("categoryId")}


def to_simple(
    *,
    item: dict[str, Any],
    offers: Offers,
    marketplace: str = "",
    mappings: AspectMappings = NO_MAPPINGS,
) -> ImportedProduct:
    """An inventory item (and its offers) as a simple product: price and category from `marketplace`'s offer."""
    sku = item.get("sku")
    product = item.get("product")
    if not isinstance(sku, str) or not sku or not isinstance(product, dict):
        raise InvalidVendorPayload("an inventory item needs a sku and a product", raw_excerpt=str(item)[:300])
    offer = offers.get(marketplace)
    category = str((offer or {}).get("categoryId") or "")
    return ImportedProduct(
        remote_id=sku,
        sku=sku,
        type=SIMPLE,
        contents=(ImportedContent(name=product.get("title") or sku, description=product.get("description") or ""),),
        prices=_price(offer),
        stock=_quantity(item),
        images=tuple(ImportedImage(url=url) for url in product.get("imageUrls") or []),
        properties=mappings.properties_of(aspects=product.get("aspects") or {}, category=category),
        product_type=mappings.product_type_of(categories=_categories(offers), marketplace=marketplace),
        barcode=(product.get("ean") or [""])[0],
        raw=item,
        extra={"offers": {sku: offers} if offers else {}},
    )


def to_configurable(
    *,
    group: dict[str, Any],
    items: dict[str, dict[str, Any]],
    offers: dict[str, Offers],
    marketplace: str = "",
    mappings: AspectMappings = NO_MAPPINGS,
) -> ImportedProduct:
    """An inventory item group and its items as a configurable with one variation per SKU."""
    key = group.get("inventoryItemGroupKey")
    specifications = ((group.get("variesBy") or {}).get("specifications")) or []
    axes = tuple(str(spec.get("name")) for spec in specifications if spec.get("name"))
    variations = []
    categories: dict[str, str] = {}
    for sku in group.get("variantSKUs") or []:
        item = items.get(sku) or {}
        aspects = ((item.get("product") or {}).get("aspects")) or {}
        chosen = tuple((axis, str((aspects.get(axis) or [""])[0])) for axis in axes if aspects.get(axis))
        offer = (offers.get(sku) or {}).get(marketplace)
        for where, category in _categories(offers.get(sku) or {}).items():
            categories.setdefault(where, category)
        variations.append(
            ImportedVariation(
                sku=sku,
                remote_id=sku,
                title=((item.get("product") or {}).get("title")) or sku,
                axes=chosen,
                prices=_price(offer),
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
        properties=mappings.properties_of(
            aspects=group.get("aspects") or {}, category=categories.get(marketplace, ""), skip=axes
        ),
        product_type=mappings.product_type_of(categories=categories, marketplace=marketplace),
        axes=axes,
        variations=tuple(variations),
        raw=group,
        extra={"offers": {sku: found for sku, found in offers.items() if found}},
    )


class EbayProductImportStep(ProductImportStep):
    """A prepared record (simple item or group) -> the neutral value."""

    def parse(self) -> ImportedProduct:
        record = self.record
        marketplace = str(getattr(self.context.view, "remote_id", "") or "")
        mappings = self.context.cached(MAPPINGS_KEY, lambda: AspectMappings.load(view=self.context.view))
        if "group" in record:
            return to_configurable(
                group=record["group"],
                items=record["items"],
                offers=record["offers"],
                marketplace=marketplace,
                mappings=mappings,
            )
        return to_simple(
            item=record["item"], offers=record.get("offers") or {}, marketplace=marketplace, mappings=mappings
        )


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
        self.view: EbayMarketplaceView = context.view
        # listing ids of the import's offers (a dry run binds none), kept in the cursor: a resumed run knows them
        self.seen_listings: set[str] = set()
        self._other_views: dict[str, EbayMarketplaceView] | None = None

    def identifier(self, record: Any) -> str:
        if not isinstance(record, dict):
            return ""
        if "ItemID" in record:
            return f"listing {record['ItemID']}"[:255]
        if "report" in record:
            return "active-listings report"
        found = (record.get("group") or {}).get("inventoryItemGroupKey") or (record.get("item") or {}).get("sku")
        return str(found or "")[:255]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        if cursor is None:  # the report task first (eBay builds it meanwhile), kept at once: one per run
            cursor = {"page": 0, "groups": [], "report": self.start_report()}
            self.process.cursor = cursor
            self.process.save(update_fields=["cursor"])
        self.seen_listings.update(cursor.get("seen") or [])
        if cursor.get("stage") == "report":
            return self.report_page(cursor=cursor)
        page = int(cursor.get("page") or 0)
        done = list(cursor.get("groups") or [])
        answer = self.context.client.items_page(limit=self.page_size, page=page)
        items = list(answer.get("inventoryItems") or [])
        records = []
        for item in items:
            keys = item.get("inventoryItemGroupKeys") or []
            if not keys:
                records.append({"item": item, "offers": self._offers(str(item.get("sku") or ""))})
            elif keys[0] not in done:
                done.append(keys[0])
                records.append(self._group_record(keys[0]))
        more = (page + 1) * self.page_size < int(answer.get("total") or 0) and bool(items)
        state = cursor.get("report") or {}
        seen = sorted(self.seen_listings)
        if more:
            return Page(records=records, next_cursor={"page": page + 1, "groups": done, "report": state, "seen": seen})
        return Page(records=records, next_cursor={"stage": "report", "report": state, "seen": seen})

    def _offers(self, sku: str) -> Offers:
        """The SKU's offers in every marketplace (one call), the listing ids remembered for the report."""
        if not sku:
            return {}
        try:
            offers = self.context.client.offers_of(sku=sku)
        except RemoteObjectMissing:
            return {}
        for offer in offers:  # every format's listing counts as seen (an auction is not made outside the API)
            listing_id = str(((offer.get("listing") or {}).get("listingId")) or "")
            if listing_id:
                self.seen_listings.add(listing_id)
        return by_marketplace(offers)

    def _group_record(self, key: str) -> dict[str, Any]:
        group = self.context.client.get_group(key=key)
        skus = list(group.get("variantSKUs") or [])
        items = {sku: self.context.client.get_item(sku=sku) for sku in skus}
        return {"group": group, "items": items, "offers": {sku: self._offers(sku) for sku in skus}}

    # -- listings made outside the Inventory API ---------------------------------------------------

    def start_report(self) -> dict[str, Any]:
        """Ask once per run for the active-listings report: {"task": id}, or {"problem": why not}."""
        problem = report.scope_problem(scopes=getattr(self.context.channel, "scopes", "") or "")
        if problem:
            return {"problem": problem}
        try:
            return {"task": self.context.client.create_inventory_task(marketplace=self.view.remote_id)}
        except SalesChannelError as error:
            return {"problem": report.not_checked(reason=f"eBay refused the report ({error_text(error)})")}

    def report_page(self, *, cursor: dict[str, Any]) -> Page:
        """The report read and each listing the import did not see kept as a warning; the import's last page."""
        state = dict(cursor.get("report") or {})
        try:
            listings = report.read(client=self.context.client, state=state)
        except report.ReportNotReady as waiting:
            waits = int(state.get("waits") or 0)
            if waits >= report.MAX_WAITS:
                listings = report.not_checked(reason=f"the report (task {waiting.task_id}) was still {waiting.status}")
            else:  # the task layer runs the import again later, at this cursor: the same task, no new one
                self.process.cursor = {**cursor, "report": {**state, "waits": waits + 1}}
                self.process.save(update_fields=["cursor"])
                raise RateLimited(report.WAIT_SECONDS, message=f"eBay's report task is {waiting.status}") from None
        if isinstance(listings, str):
            self.record_problem(record={"report": state}, message=listings)
            return Page(records=[], next_cursor=None)
        known = self.seen_listings | set(
            EbayOffer.objects.filter(remote_product__sales_channel=self.context.channel)
            .exclude(listing_id="")
            .values_list("listing_id", flat=True)
        )
        for listing in report.unknown_listings(reported=listings, known=known):
            self.record_problem(record=listing.as_record(), message=report.warning_for(listing))
        return Page(records=[], next_cursor=None)

    # -- binding -----------------------------------------------------------------------------------

    def bind(self, *, written: list[tuple[Any, WrittenProduct]]) -> None:
        """Keep the offer and listing ids of the imported listings in every view, so a push updates them."""
        default = self.view.remote_id
        for _record, result in written:
            offers: dict[str, Offers] = result.value.extra.get("offers") or {}
            mirrors = {result.value.sku: result.mirror}
            if result.mirror is not None and result.value.is_configurable:
                mirrors.update({child.remote_sku: child for child in result.mirror.variations.all()})
            for sku, found in offers.items():
                offer = found.get(default)
                mirror = mirrors.get(sku)
                if offer is not None and mirror is not None and mirror.pk is not None:
                    _keep_offer(mirror=mirror, offer=offer, company_id=self.context.company_id)
            if result.value.is_configurable and result.mirror is not None and result.mirror.pk is not None:
                variants = [found[default] for found in offers.values() if default in found]
                _keep_group(mirror=result.mirror, offers=variants, company_id=self.context.company_id)
            for marketplace, view in self.other_views().items():
                self._bind_view(
                    view=view, result=result, offers={s: f[marketplace] for s, f in offers.items() if marketplace in f}
                )

    def other_views(self) -> dict[str, EbayMarketplaceView]:
        if self._other_views is None:
            views = EbayMarketplaceView.objects.filter(sales_channel=self.context.channel).exclude(pk=self.view.pk)
            self._other_views = {view.remote_id: view for view in views}
        return self._other_views

    def _bind_view(
        self, *, view: EbayMarketplaceView, result: WrittenProduct, offers: dict[str, dict[str, Any]]
    ) -> None:
        """The offers of another marketplace on mirrors of that view (created like the default view's)."""
        if not offers or result.product is None:
            return
        value = result.value
        if not value.is_configurable:
            mirror = _mirror(view=view, product=result.product, sku=value.sku, parent=None)
            _keep_offer(mirror=mirror, offer=offers[value.sku], company_id=self.context.company_id)
            return
        parent = _mirror(view=view, product=result.product, sku=value.sku, parent=None)
        _keep_group(mirror=parent, offers=list(offers.values()), company_id=self.context.company_id)
        for variation, local in result.variations:
            if variation.sku in offers:
                mirror = _mirror(view=view, product=local, sku=variation.sku, parent=parent)
                _keep_offer(mirror=mirror, offer=offers[variation.sku], company_id=self.context.company_id)


def _mirror(*, view: EbayMarketplaceView, product, sku: str, parent: RemoteProduct | None) -> RemoteProduct:
    mirror, created = RemoteProduct.objects.get_or_create(
        sales_channel=view.sales_channel,
        view=view,
        local_instance_id=product.pk,
        defaults={
            "multi_tenant_company_id": view.multi_tenant_company_id,
            "remote_id": sku,
            "remote_sku": sku,
            "parent": parent,
            "status": MirrorStatus.SYNCED,
            "last_synced_at": timezone.now(),
        },
    )
    if not created and (mirror.remote_id, mirror.remote_sku, mirror.parent_id) != (
        sku,
        sku,
        getattr(parent, "pk", None),
    ):
        mirror.remote_id, mirror.remote_sku, mirror.parent = sku, sku, parent
        mirror.save(update_fields=["remote_id", "remote_sku", "parent"])
    return mirror


def _keep_group(*, mirror: RemoteProduct, offers: list[dict[str, Any]], company_id: int) -> None:
    """A configurable's row (no offer of its own) with its group's listing id, named by its variants' offers: a
    push then revises, withdraws or republishes that listing (as `finish_group` stores it after a publish)."""
    listed = [str(((offer.get("listing") or {}).get("listingId")) or "") for offer in offers]
    listing_id = next((found for found in listed if found), "")
    if listing_id:
        EbayOffer.objects.update_or_create(
            remote_product=mirror, defaults={"multi_tenant_company_id": company_id, "listing_id": listing_id}
        )


def _keep_offer(*, mirror: RemoteProduct, offer: dict[str, Any], company_id: int) -> None:
    EbayOffer.objects.update_or_create(
        remote_product=mirror,
        defaults={
            "multi_tenant_company_id": company_id,
            "offer_id": str(offer.get("offerId") or ""),
            "listing_id": str(((offer.get("listing") or {}).get("listingId")) or ""),
        },
    )
