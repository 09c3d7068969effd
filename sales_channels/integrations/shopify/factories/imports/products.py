"""The Shopify catalog import: `products` pages by cursor, each product into the local catalog with its mirrors.

`ShopifyProductsImport` asks for five products a page (with their first 30 variants, 20
metafields and 10 images the requested cost is about 700 points, under the 1,000-point
single-query maximum) and completes products with more variants through ProductVariantsPage.
The framework saves the cursor after every page, so an interrupted import resumes where it stopped.

`ShopifyProductImportStep` recipe: parse (typed values, InvalidVendorPayload on a bad shape) ->
find the local product (by SKU; a configurable by its mirror, its variations' SKUs or its handle) ->
create it unless update-only -> content, options and variations, prices, stock, images, metafields
-> bind the listing mirror (product gid), variation mirrors and variant rows (variant gids), so a
following push updates the same Shopify product instead of creating another.
"""

import dataclasses
from typing import Any, ClassVar

from products.models import ConfigurableVariation, EanCode, Product, ean13_checksum_ok
from sales_channels.exceptions import InvalidVendorPayload, MappingMissing
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.factories.outcomes import CREATED, LINKED, SKIPPED, UNCHANGED, UPDATED, StepOutcome
from sales_channels.factories.products.imports import ProductImportStep
from sales_channels.integrations.shopify.factories.imports import catalog
from sales_channels.integrations.shopify.factories.imports.options import LocalOptions
from sales_channels.integrations.shopify.factories.imports.parsers import (
    ImportedVariant,
    ShopifyImportedProduct,
    parse_product_node,
)
from sales_channels.integrations.shopify.factories.imports.stock import with_stock
from sales_channels.integrations.shopify.factories.imports.variants import bind_variant, bind_variation_mirror
from sales_channels.models import RemoteProduct

PAGE_SIZE = 5
VARIANTS_PAGE_SIZE = 250


class ShopifyProductImportStep(ProductImportStep):
    """One Shopify product -> a local simple product, or a configurable with its variations, and its mirrors."""

    def parse(self) -> ShopifyImportedProduct:
        return parse_product_node(self.record)

    @property
    def company(self):
        return self.channel.multi_tenant_company

    @property
    def options(self) -> LocalOptions:
        return self.context.cached(
            ("shopify_import_options",), lambda: LocalOptions(company=self.company, cache=self.context.cache)
        )

    def run(self) -> StepOutcome:
        parsed = self.parse()
        product = self._find_listing(parsed)
        if product is None and self.update_only:
            return StepOutcome(kind=SKIPPED, remote_id=parsed.remote_id, detail="Update-only import: no local product.")
        created = product is None
        if created:
            product = self._create(sku=self._new_sku(parsed), configurable=not parsed.is_simple, active=parsed.active)
        elif not parsed.is_simple and not product.is_configurable:
            raise MappingMissing([f"local product '{product.sku}' is not configurable but Shopify has variants"])
        bound_now = self._bind(dataclasses.replace(parsed, sku=product.sku), product)
        mirror = RemoteProduct.objects.get(sales_channel=self.channel, view=None, local_instance=product)
        changed = self.apply(parsed=parsed, product=product, created=created, mirror=mirror)
        self._assign(product)
        if created:
            kind = CREATED
        elif bound_now:
            kind = LINKED
        else:
            kind = UPDATED if changed else UNCHANGED
        return StepOutcome(kind=kind, remote_id=parsed.remote_id)

    # -- lookup ---------------------------------------------------------------------------------

    def _products(self):
        return Product.objects.filter(multi_tenant_company_id=self.context.company_id)

    def _find_listing(self, parsed: ShopifyImportedProduct) -> Product | None:
        if parsed.is_simple:
            return self._products().filter(sku=parsed.sku).first()
        mirror = RemoteProduct.objects.filter(
            sales_channel=self.channel, view=None, parent=None, remote_id=parsed.remote_id
        ).first()
        if mirror is not None and mirror.local_instance_id:
            found = self._products().filter(pk=mirror.local_instance_id).first()
            if found is not None:
                return found
        skus = [variant.sku for variant in parsed.variants]
        link = (
            ConfigurableVariation.objects.filter(
                multi_tenant_company_id=self.context.company_id, variation__sku__in=skus
            )
            .select_related("parent")
            .order_by("id")
            .first()
        )
        if link is not None:
            return link.parent
        return self._products().filter(sku=self._new_sku(parsed)).first()

    @staticmethod
    def _new_sku(parsed: ShopifyImportedProduct) -> str:
        if parsed.is_simple:
            return parsed.sku
        return parsed.handle or f"shopify-{parsed.remote_id.rsplit('/', 1)[-1]}"

    def _create(self, *, sku: str, configurable: bool = False, active: bool = True) -> Product:
        return Product.objects.create(
            multi_tenant_company_id=self.context.company_id,
            sku=sku,
            type=Product.CONFIGURABLE if configurable else Product.SIMPLE,
            active=active,
        )

    # -- apply ----------------------------------------------------------------------------------

    def apply(self, *, parsed, product: Product, created: bool, mirror: RemoteProduct | None = None) -> bool:
        language = self.company.language
        changed = catalog.write_content(
            product=product,
            language=language,
            name=parsed.name,
            description=parsed.description_html,
            handle=parsed.handle,
        )
        if parsed.product_type:
            self.options.ensure_product_type(product=product, name=parsed.product_type)
        if parsed.is_simple:
            changed = self._apply_variant(product=product, variant=parsed.variants[0]) or changed
            bind_variant(context=self.context, mirror=mirror, product=product, variant=parsed.variants[0])
        else:
            changed = self._apply_variations(parsed=parsed, parent=product, mirror=mirror) or changed
        changed = catalog.write_images(product=product, images=parsed.images, mirror=mirror) or changed
        return self._apply_metafields(parsed=parsed, product=product, language=language) or changed

    def _apply_variant(self, *, product: Product, variant: ImportedVariant) -> bool:
        currency = catalog.shop_currency(channel=self.channel, cache=self.context.cache)
        changed = catalog.write_price(
            product=product, currency=currency, price=variant.price, compare_at=variant.compare_at_price
        )
        changed = catalog.write_stock(product=product, stock=variant.stock) or changed
        return self._apply_barcode(product=product, barcode=variant.barcode) or changed

    def _apply_barcode(self, *, product: Product, barcode: str) -> bool:
        if not barcode or not ean13_checksum_ok(barcode) or hasattr(product, "ean_code"):
            return False
        if EanCode.objects.filter(multi_tenant_company_id=product.multi_tenant_company_id, ean_code=barcode).exists():
            return False
        EanCode.objects.create(
            multi_tenant_company_id=product.multi_tenant_company_id, product=product, ean_code=barcode
        )
        return True

    def _apply_variations(self, *, parsed: ShopifyImportedProduct, parent: Product, mirror: RemoteProduct) -> bool:
        axes = [self.options.property_named(option.name) for option in parsed.options]
        product_type = self.options.ensure_product_type(product=parent, name=parsed.product_type or parsed.name)
        self.options.ensure_axes(product_type=product_type, axes=axes)
        changed = False
        for variant in parsed.variants:
            variation = self._products().filter(sku=variant.sku).first()
            if variation is None and self.update_only:
                continue
            if variation is None:
                variation = self._create(sku=variant.sku, active=parsed.active)
                changed = True
            _, linked = ConfigurableVariation.objects.get_or_create(
                parent=parent, variation=variation, defaults={"multi_tenant_company_id": self.context.company_id}
            )
            changed = self._apply_variation(parsed=parsed, variation=variation, variant=variant) or linked or changed
            bind_variation_mirror(context=self.context, parent=mirror, product=variation, variant=variant)
            bind_variant(context=self.context, mirror=mirror, product=variation, variant=variant)
        return changed

    def _apply_variation(self, *, parsed: ShopifyImportedProduct, variation: Product, variant: ImportedVariant) -> bool:
        name = f"{parsed.name} - {variant.title}" if variant.title else parsed.name
        changed = catalog.write_content(product=variation, language=self.company.language, name=name)
        for option_name, value in variant.options:
            prop = self.options.property_named(option_name)
            select = self.options.value_named(prop, value)
            changed = self.options.set_select(product=variation, prop=prop, value=select) or changed
        return self._apply_variant(product=variation, variant=variant) or changed

    def _apply_metafields(self, *, parsed: ShopifyImportedProduct, product: Product, language: str) -> bool:
        mappings = catalog.metafield_mappings(channel=self.channel, cache=self.context.cache)
        changed = False
        for metafield in parsed.metafields:
            prop = mappings.get((metafield.namespace, metafield.key))
            if prop is None:
                continue
            changed = (
                catalog.write_metafield(
                    product=product, prop=prop, metafield=metafield, language=language, options=self.options
                )
                or changed
            )
        return changed


class ShopifyProductsImport(ImportProcessor):
    """The shop's catalog by cursor pages of `products` (kind "products")."""

    kind = "products"
    item_step = ShopifyProductImportStep
    page_size = PAGE_SIZE
    # Ask InventoryLevelsByItems for the page's variants and import their stock (off: "products_catalog_only").
    import_stock: ClassVar[bool] = True

    def identifier(self, record: Any) -> str:
        if not isinstance(record, dict):
            return ""
        return str(record.get("handle") or record.get("id") or "")[:255]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        variables = {"first": self.page_size, "after": (cursor or {}).get("after")}
        data = self.context.client.execute(document="products_page", variables=variables)
        connection = data.get("products")
        if not isinstance(connection, dict) or not isinstance(connection.get("nodes"), list):
            raise InvalidVendorPayload("ProductsPage: answer without products.nodes", raw_excerpt=str(data)[:500])
        page_info = connection.get("pageInfo") or {}
        following = page_info.get("endCursor") if page_info.get("hasNextPage") else None
        records = self.with_stock([self._complete_variants(node) for node in connection["nodes"]])
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
