"""The Shopify catalog import: `products` pages by cursor, each page into the local catalog through the framework.

`ShopifyProductsImport` asks for five products a page (with their first 30 variants, 20
metafields and 10 images the requested cost is about 700 points, under the 1,000-point
single-query maximum) and completes products with more variants through ProductVariantsPage.
The framework saves the cursor after every page, so an interrupted import resumes where it stopped.

Shopify's part is the mapping: `ShopifyProductImportStep.parse` reads a node into typed values
(InvalidVendorPayload on a bad shape) and `mapping.to_imported` turns them into the framework's
neutral `ImportedProduct`; the framework's `CatalogWriter` finds or creates the products (by SKU;
a configurable by its mirror, its variations' SKUs or its handle), writes content, options and
variations, prices, stock, images and mapped metafields, and binds the listing and variation
mirrors; `bind` adds the variant rows (variant gids) the push reads.
"""

from typing import Any, ClassVar

from currencies.models import Currency
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import CacheKey
from sales_channels.factories.imports import Page
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
from sales_channels.imports.plans import WrittenProduct
from sales_channels.imports.values import ImportedProduct
from sales_channels.integrations.shopify.factories.imports import answers
from sales_channels.integrations.shopify.factories.imports.mapping import to_imported
from sales_channels.integrations.shopify.factories.imports.parsers import parse_product_node
from sales_channels.integrations.shopify.factories.imports.stock import with_stock
from sales_channels.integrations.shopify.factories.imports.variants import bind_variants
from sales_channels.integrations.shopify.models import ShopifyRemoteProperty

PAGE_SIZE = 5
IMPORT_CURRENCY: CacheKey[str] = CacheKey("shopify.import_currency")
METAFIELD_PROPERTIES: CacheKey[dict[tuple[str, str], int]] = CacheKey("shopify.import_metafield_properties")
VARIANTS_PAGE_SIZE = 250


class ShopifyProductImportStep(ProductImportStep):
    """One Shopify product node -> the neutral value the catalog writer takes."""

    def parse(self) -> ImportedProduct:
        if isinstance(self.record, dict) and "__error__" in self.record:
            raise InvalidVendorPayload(str(self.record["__error__"]))
        return to_imported(
            parsed=parse_product_node(self.record),
            currency=self.context.cached(IMPORT_CURRENCY, self._currency),
            metafield_properties=self.context.cached(METAFIELD_PROPERTIES, self._metafield_properties),
            raw=self.record,
        )

    def _currency(self) -> str:
        """The shop currency when the company has it, else '' (the company's default currency)."""
        code = (getattr(self.channel, "shop_currency", "") or "").upper()
        company_id = self.context.company_id
        known = code and Currency.objects.filter(multi_tenant_company_id=company_id, iso_code=code).exists()
        return code if known else ""

    def _metafield_properties(self) -> dict[tuple[str, str], int]:
        rows = ShopifyRemoteProperty.objects.filter(sales_channel=self.channel, local_instance__isnull=False)
        return {(row.namespace, row.key): row.local_instance_id for row in rows}


class ShopifyProductsImport(CatalogImportProcessor):
    """The shop's catalog by cursor pages of `products` (kind "products")."""

    kind = "products"
    item_step = ShopifyProductImportStep
    page_size = PAGE_SIZE
    # Ask InventoryLevelsByItems for the page's variants and import their stock (off: "products_catalog_only").
    import_stock: ClassVar[bool] = True

    def bind(self, *, written: list[tuple[Any, WrittenProduct]]) -> None:
        bind_variants(channel=self.context.channel, written=[result for _, result in written])

    def identifier(self, record: Any) -> str:
        if not isinstance(record, dict):
            return ""
        return str(record.get("handle") or record.get("id") or "")[:255]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        variables = {"first": self.page_size, "after": (cursor or {}).get("after")}
        answer = answers.products_page(data=self.context.client.execute(document="products_page", variables=variables))
        following = answer.products.page_info.following
        records = self.with_stock([self._complete_variants(node) for node in answer.products.nodes])
        return Page(records=records, next_cursor={"after": following} if following else None)

    def with_stock(self, records: list[Any]) -> list[Any]:
        """The page's product nodes with their variants' inventory levels, when this kind imports stock."""
        if not self.import_stock:
            return records
        return with_stock(client=self.context.client, records=records)

    def _complete_variants(self, node: Any) -> Any:
        """A product node with every variant: the pages after the first come from ProductVariantsPage."""
        variants = node.get("variants") if isinstance(node, dict) else None
        if not isinstance(variants, dict) or not (variants.get("pageInfo") or {}).get("hasNextPage"):
            return node
        nodes = list(variants.get("nodes") or [])
        pages = self.context.client.paginate(
            document="product_variants_page",
            connection=["product", "variants"],
            variables={"id": node["id"], "first": VARIANTS_PAGE_SIZE},
            after=variants["pageInfo"].get("endCursor"),
        )
        for page_nodes, _cursor, _more in pages:
            nodes += page_nodes
        return {**node, "variants": {"nodes": nodes, "pageInfo": {"hasNextPage": False, "endCursor": None}}}


class ShopifyProductsCatalogOnlyImport(ShopifyProductsImport):
    """The catalog by cursor pages without stock levels (kind "products_catalog_only": fewer calls)."""

    kind = "products_catalog_only"
    import_stock = False
