"""Importing the seller's listings of the default marketplace: `searchListingsItems`, or the listings report.

Up to 1,000 SKUs (all `searchListingsItems` can page through) the import pages through the search,
20 listings a page (`pageToken` is the resumable cursor). A larger catalog goes through the
GET_MERCHANT_LISTINGS_ALL_DATA report (`import_report.ListingsReportPager`): the first page finds
the catalog too large and switches the cursor to the report stages.

Each standalone listing becomes a local product linked by SKU (or created): its name, price in the
marketplace currency, merchant-fulfilled quantity (location "Amazon MFN"), images, and the
attributes mapped to local properties in the product type's stored schema. A parent listing becomes
a configurable with its children (fetched by `variationParentSku`) as variations, their variation
theme's attributes as axes (`import_parentage`); a child listing is counted with its parent and not
written on its own, unless its parent is not in the catalog.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from properties.models import Property
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import Page
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
from sales_channels.imports.values import (
    CONFIGURABLE,
    ImportedContent,
    ImportedImage,
    ImportedPrice,
    ImportedProduct,
    ImportedPropertyValue,
    ImportedStock,
    ImportedVariation,
)
from sales_channels.integrations.amazon.factories import import_parentage as parentage
from sales_channels.integrations.amazon.factories.import_report import ListingsReportPager
from sales_channels.integrations.amazon.factories.orders import KIND as ORDERS_KIND
from sales_channels.integrations.amazon.factories.orders import AmazonOrdersImport
from sales_channels.models import MarketplaceProductTypeMap, MarketplaceSchema, SalesChannelView

PAGE_SIZE = 20
SEARCH_LIMIT = 1000  # "only items up to 1000 are retrievable" through searchListingsItems
STOCK_LOCATION = "Amazon MFN"
IMAGE_ATTRIBUTES = ("main_product_image_locator", *(f"other_product_image_locator_{n}" for n in range(1, 9)))
CHILDREN = "variationChildren"  # the children the processor attaches to a parent record
_first = parentage.first_value


def _price(attributes: dict[str, Any]) -> tuple[ImportedPrice, ...]:
    offers = attributes.get("purchasable_offer") or []
    try:
        offer = offers[0]
        amount = offer["our_price"][0]["schedule"][0]["value_with_tax"]
        return (ImportedPrice(price=Decimal(str(amount)), currency=str(offer.get("currency", ""))),)
    except (IndexError, KeyError, TypeError, InvalidOperation):
        return ()


def _stock(attributes: dict[str, Any]) -> tuple[ImportedStock, ...] | None:
    quantity = _first(attributes, "fulfillment_availability", "quantity")
    return (ImportedStock(location=STOCK_LOCATION, quantity=int(quantity)),) if quantity is not None else None


class AmazonListingImportStep(ProductImportStep):
    """One listing (an Item with summaries and attributes; a parent with its children) -> an ImportedProduct."""

    def mapped_properties(self, product_type: str) -> dict[str, int]:
        """Attribute code -> local property id, for this product type in the import's marketplace."""
        view = self.context.view

        def load() -> dict[str, int]:
            schema = MarketplaceSchema.objects.filter(view=view, remote_type=product_type).first()
            if schema is None:
                return {}
            return {a.code: a.local_property_id for a in schema.attributes.exclude(local_property=None)}

        return self.context.cached(("amazon_import_mapping", getattr(view, "pk", None), product_type), load)

    def axis_names(self, product_type: str, codes: tuple[str, ...]) -> dict[str, str]:
        """Attribute code -> the axis (local SELECT property) name: the mapped property's, else the code as a word."""
        mapped = self.mapped_properties(product_type)

        def load() -> dict[int, str]:
            properties = Property.objects.filter(pk__in=set(mapped.values())).prefetch_related("translations")
            return {prop.pk: prop.name() for prop in properties}

        names = self.context.cached(("amazon_import_axis_names", product_type), load)
        return {code: names.get(mapped.get(code, 0)) or code.replace("_", " ").capitalize() for code in codes}

    def local_product_type(self, product_type: str) -> str:
        """The local product type listed under this Amazon product type in the import's marketplace ('' if none)."""
        view = self.context.view

        def load() -> str:
            found = (
                MarketplaceProductTypeMap.objects.filter(view=view, schema__remote_type=product_type)
                .select_related("local_product_type")
                .order_by("pk")
                .first()
            )
            return found.local_product_type.value() if found is not None else ""

        return self.context.cached(("amazon_import_local_type", getattr(view, "pk", None), product_type), load)

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
        images = tuple(
            ImportedImage(url=url) for name in IMAGE_ATTRIBUTES if (url := _first(attributes, name, "media_location"))
        )
        contents = (
            ImportedContent(
                name=summary.get("itemName") or _first(attributes, "item_name") or sku,
                language="en",
                description=_first(attributes, "product_description") or "",
            ),
        )
        if CHILDREN in record:
            return self._configurable(record, product_type, contents=contents, images=images, properties=properties)
        return ImportedProduct(
            remote_id=sku,
            sku=sku,
            product_type=self.local_product_type(product_type),  # kept when the product already has one
            active="BUYABLE" in (summary.get("status") or []),
            contents=contents,
            prices=_price(attributes),
            stock=_stock(attributes),
            images=images,
            properties=properties,
            raw=record,
        )

    def _configurable(self, record: dict[str, Any], product_type: str, **parts: Any) -> ImportedProduct:
        children = record[CHILDREN]
        codes = parentage.axis_codes(record, children)
        names = self.axis_names(product_type, codes)
        variations = tuple(
            ImportedVariation(
                sku=child["sku"],
                remote_id=child["sku"],
                title=((child.get("summaries") or [{}])[0].get("itemName") or ""),
                axes=parentage.child_axes(child, codes, names),
                prices=_price(child.get("attributes") or {}),
                stock=_stock(child.get("attributes") or {}),
            )
            for child in children
        )
        buyable = any("BUYABLE" in ((child.get("summaries") or [{}])[0].get("status") or []) for child in children)
        local_type = self.local_product_type(product_type) or product_type.replace("_", " ").capitalize()
        return ImportedProduct(
            remote_id=record["sku"],
            sku=record["sku"],
            type=CONFIGURABLE,
            product_type=local_type,  # its axes become the type's configurator properties
            active=buyable,
            axes=tuple(names[code] for code in codes),
            variations=variations,
            raw=record,
            **parts,
        )


class AmazonListingsImport(CatalogImportProcessor):
    """The seller's listings in the channel's default marketplace, page by page (search, or the report)."""

    kind = "products"
    item_step = AmazonListingImportStep

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.report: ListingsReportPager | None = None
        self.folded = 0  # children of this page counted with their parent
        self.gone: list[str] = []  # SKUs of this page the report listed but Amazon no longer has

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
        marketplace_id = self.context.view.remote_id
        if (cursor or {}).get("mode") == "report":
            return self._report_page(cursor or {}, marketplace_id)
        answer = self.context.client.search_listings(
            marketplace_id=marketplace_id, page_token=(cursor or {}).get("token", ""), page_size=PAGE_SIZE
        )
        total = answer.get("numberOfResults")
        if cursor is None and isinstance(total, int) and total > SEARCH_LIMIT:
            return Page(records=[], next_cursor={"mode": "report", "stage": "request"})
        token = (answer.get("pagination") or {}).get("nextToken")
        records = self._with_children(list(answer.get("items") or []), catalog=None)
        return Page(records=records, next_cursor={"token": token} if token else None, total=total)

    def _report_page(self, cursor: dict[str, Any], marketplace_id: str) -> Page:
        if self.report is None:
            self.report = ListingsReportPager(client=self.context.client, marketplace_id=marketplace_id)
        skus, next_cursor, total = self.report.advance(cursor)
        records: list[dict[str, Any]] = []
        if skus:
            answer = self.context.client.search_listings(marketplace_id=marketplace_id, skus=skus, page_size=PAGE_SIZE)
            records = list(answer.get("items") or [])
            found = {record.get("sku") for record in records}
            self.gone = [sku for sku in skus if sku not in found]
            records = self._with_children(records, catalog=set(self.report.skus or []))
        return Page(records=records, next_cursor=next_cursor, total=total)

    def _with_children(self, records: list[dict[str, Any]], *, catalog: set[str] | None) -> list[dict[str, Any]]:
        """The page's records with each parent's children attached and the children whose parent is listed left out."""
        kept = []
        for record in records:
            parent_sku = parentage.parent_sku_of(record)
            if parent_sku and self._listed(parent_sku, catalog):
                self.folded += 1
                continue
            if parentage.is_parent(record):
                record = {**record, CHILDREN: self._children(record["sku"])}
            kept.append(record)
        return kept

    def _listed(self, sku: str, catalog: set[str] | None) -> bool:
        if catalog is not None:
            return sku in catalog
        marketplace_id = self.context.view.remote_id
        return self.context.cached(
            ("amazon_import_parent_listed", marketplace_id, sku),
            lambda: (
                self.context.client.get_listing(sku=sku, marketplace_id=marketplace_id, included="summaries")
                is not None
            ),
        )

    def _children(self, parent_sku: str) -> list[dict[str, Any]]:
        children: list[dict[str, Any]] = []
        token = ""
        while True:
            answer = self.context.client.search_listings(
                marketplace_id=self.context.view.remote_id,
                page_token=token,
                page_size=PAGE_SIZE,
                variation_parent_sku=parent_sku,
            )
            children += list(answer.get("items") or [])
            token = (answer.get("pagination") or {}).get("nextToken") or ""
            if not token:
                return children

    def import_page(self, records: list[Any]) -> None:
        super().import_page(records)
        self.process.processed += self.folded  # written with their parent
        self.folded = 0
        for sku in self.gone:
            self.count(kind="skipped", record={"sku": sku}, detail="in the listings report but no longer on Amazon")
        self.gone = []


IMPORT_PROCESSORS = {"products": AmazonListingsImport, ORDERS_KIND: AmazonOrdersImport}
