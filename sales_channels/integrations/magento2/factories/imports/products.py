"""The Magento 2 catalog import: `GET /V1/products` searchCriteria pages, each written through the catalog writer.

Pages of 100 visible products (children, "not visible individually", come with their configurable
through `/V1/configurable-products/{sku}/children`), sorted by entity id; the cursor is the next page
number and the import stops on `total_count` (a page past the end repeats the last one). Per page,
one call per other store view reads its names and descriptions, and one MSI call the page's stock.
The framework saves the cursor after every page: an interrupted import resumes where it stopped.
"""

from typing import Any
from urllib.parse import quote

from sales_channels.factories.base import CacheKey
from sales_channels.factories.imports import Page
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
from sales_channels.imports.values import ImportedProduct
from sales_channels.integrations.magento2.factories.imports.mapping import StoreFacts, to_imported
from sales_channels.integrations.magento2.factories.products.listing import store_languages
from sales_channels.integrations.magento2.models import Magento2RemoteProperty
from sales_channels.models import RemotePropertySelectValue

PAGE_SIZE = 100
FACTS: CacheKey[StoreFacts] = CacheKey("magento2.import_facts")


def store_facts(context) -> StoreFacts:
    """Languages, currency, media URL and the attribute and option labels the channel pulled (three queries)."""

    def load() -> StoreFacts:
        channel = context.channel
        language, others = store_languages(context)
        rows = list(Magento2RemoteProperty.objects.filter(sales_channel=channel))
        options = {
            (row.remote_property.magento2remoteproperty.attribute_code, row.remote_id): row.remote_name
            for row in RemotePropertySelectValue.objects.filter(sales_channel=channel).select_related(
                "remote_property__magento2remoteproperty"
            )
        }
        return StoreFacts(
            language=language,
            currency=channel.base_currency,
            media_url=channel.media_base_url or f"{channel.store_url}/media",
            view_languages=others,
            attributes={
                row.attribute_code: (row.remote_name or row.attribute_code, row.frontend_input, row.local_instance_id)
                for row in rows
                if row.is_user_defined
            },
            attribute_ids={row.remote_id: row.attribute_code for row in rows},
            options=options,
        )

    return context.cached(FACTS, load)


class Magento2ProductImportStep(ProductImportStep):
    """One product record -> the neutral value the catalog writer takes."""

    def parse(self) -> ImportedProduct:
        return to_imported(record=self.record, facts=store_facts(self.context))


class Magento2ProductsImport(CatalogImportProcessor):
    """The store's catalog by searchCriteria pages (kind "products")."""

    kind = "products"
    item_step = Magento2ProductImportStep
    page_size = PAGE_SIZE

    def identifier(self, record: Any) -> str:
        product = record.get("product") if isinstance(record, dict) else None
        return str((product or {}).get("sku") or "")[:255]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        client = self.context.client
        page = int((cursor or {}).get("page") or 1)
        products, total = client.search_page(
            "products",
            page=page,
            page_size=self.page_size,
            filters=[[("visibility", "1", "neq")]],
            sort="entity_id",
        )
        children = {
            p["sku"]: client.get(f"configurable-products/{quote(p['sku'], safe='')}/children")
            for p in products
            if p.get("type_id") == "configurable"
        }
        skus = [p["sku"] for p in products] + [c["sku"] for family in children.values() for c in family]
        views = self.view_contents([p["sku"] for p in products])
        stock = self.stock(skus)
        records = [
            {"product": p, "children": children.get(p["sku"], []), "views": views, "stock": stock} for p in products
        ]
        following = {"page": page + 1} if page * self.page_size < total and products else None
        return Page(records=records, next_cursor=following, total=total)

    def view_contents(self, skus: list[str]) -> dict[str, dict[str, dict[str, str]]]:
        """SKU -> store code -> that view's name and description (one call per other store view)."""
        _, others = store_languages(self.context)
        found: dict[str, dict[str, dict[str, str]]] = {}
        if not skus:
            return found
        for code in others:
            items, _ = self.context.client.search_page(
                "products", page=1, page_size=len(skus), filters=[[("sku", ",".join(skus), "in")]], scope=code
            )
            for item in items:
                custom = {c["attribute_code"]: c.get("value") for c in item.get("custom_attributes") or []}
                found.setdefault(item["sku"], {})[code] = {
                    "name": item.get("name") or "",
                    "description": custom.get("description") or "",
                }
        return found

    def stock(self, skus: list[str]) -> dict[str, float]:
        """SKU -> quantity on the channel's source (MSI; one call per page)."""
        channel = self.context.channel
        if not skus or not channel.msi_enabled:
            return {}
        items = self.context.client.search_all(
            "inventory/source-items",
            page_size=300,
            filters=[[("sku", ",".join(skus), "in")], [("source_code", channel.source_code, "eq")]],
        )
        return {item["sku"]: float(item.get("quantity") or 0) for item in items}
