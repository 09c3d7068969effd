"""The Shopify product steps: one `productSet` per listing, then its sections; variations bind their variant.

Recipe of `ShopifyProductStep` (the framework's ProductStep does the lifecycle, hashing and locking):
lookup (the stored product gid, else `products(query: "sku:...")`) -> map (`payloads.product_set_input`,
after the pre-push check that lists every missing mapping) -> call (`productSet`, ids of known
variants and images added by `payloads.with_remote_ids`; publications diffed) -> bind (product,
variant and media gids) -> sections (translations, metafields, prices, stock) -> variations, whose
step only binds the variant the listing's productSet created and pushes its own price and stock.
"""

from typing import Any

from sales_channels.exceptions import InvalidVendorPayload, MappingMissing, RemoteObjectMissing, VendorValidationError
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.steps import ProductStep
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.products import payloads
from sales_channels.integrations.shopify.factories.products.axes import axes_for, product_type_name
from sales_channels.integrations.shopify.factories.products.binding import (
    RemoteShopifyProduct,
    bind_media,
    bind_variants,
    media_rows,
    parse_product,
    reload_bound_parts,
)
from sales_channels.integrations.shopify.factories.products.context import (
    known_variants,
    load_variants,
    price_currency_id,
    primary_language,
    primary_location,
    public_url,
    remember_sent,
)
from sales_channels.integrations.shopify.factories.products.sections import (
    ShopifyMetafieldsSection,
    ShopifyPricesSection,
    ShopifyStockSection,
    ShopifyTranslationsSection,
)
from sales_channels.integrations.shopify.factories.properties.mapping import PropertyMapper
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import RemoteImageProductAssociation

MISSING_CODES = {"NOT_FOUND", "PRODUCT_DOES_NOT_EXIST"}


class ShopifyVariationStep(ProductStep):
    """A variation: its variant was created by the listing's productSet; it pushes its own price and stock."""

    sections = (ShopifyPricesSection, ShopifyStockSection)
    payload_needs = frozenset({parts.EAN, parts.PRICES, parts.PROPERTIES})
    deletes_variations = False

    def build_payload(self) -> dict:
        return self.context.cache.get(("shopify_variant_input", self.object_id)) or {"sku": self.data.sku}

    def find_remote(self, *, payload) -> str | None:
        row = known_variants(self.context).get(self.object_id)
        return row.remote_id if row is not None else None

    def create_remote(self, *, payload) -> str:
        raise InvalidVendorPayload(f"productSet answered without a variant for SKU '{self.data.sku}'")

    def update_remote(self, *, remote_id, payload) -> None:
        """Nothing to send: the listing's productSet carried this variant."""

    def delete_remote(self, *, remote_id) -> None:
        """Nothing to send: productSet without the variant (or the product delete) removed it."""


class ShopifyProductStep(ProductStep):
    """product.sync: productSet of a simple product or configurable, publications, then sections and variations."""

    sections = (ShopifyTranslationsSection, ShopifyMetafieldsSection, ShopifyPricesSection, ShopifyStockSection)
    variation_step = ShopifyVariationStep
    payload_needs = frozenset({parts.CONTENT, parts.EAN, parts.VIEWS, parts.PRICES, parts.IMAGES, parts.PROPERTIES})
    deletes_variations = False  # Shopify deletes the variants with their product
    redo_lost_create = False  # products(query: "sku:...") reads a search index that can lag a create: defer
    answer: RemoteShopifyProduct | None = None
    _found: RemoteShopifyProduct | None = None

    @classmethod
    def prefetch(cls, *, context, object_ids: list[int]) -> None:
        super().prefetch(context=context, object_ids=object_ids)
        store = context.cache.get("product_data", {})
        family = [pk for pk in store if store[pk] is not None] + list(object_ids)
        load_variants(context, family)

    # -- map ------------------------------------------------------------------------------------

    def build_payload(self) -> dict:
        data = self.data
        language = primary_language(self.context)
        axes, problems = axes_for(context=self.context, data=data, language=language)
        self.context.cache[("shopify_not_metafields", data.id)] = {axis_id for axis_id, _axis in axes}
        problems += self._property_problems()
        if problems:
            raise MappingMissing(problems)
        payload = {
            "input": payloads.product_set_input(
                data=data,
                translation=data.translations.get(language),
                prices=self._prices(),
                axes=[axis for _pk, axis in axes],
                with_ean=self.channel.sync_ean_codes,
                images=self._images(),
                product_type=product_type_name(data=data, language=language),
            ),
            "publications": sorted(data.view_remote_ids),
        }
        for variant, variation in zip(payload["input"]["variants"], data.variations, strict=False):
            self.context.cache[("shopify_variant_input", variation.id)] = variant
        return payload

    def _property_problems(self) -> list[str]:
        mapper = self.context.cached(("shopify_property_mapper",), lambda: PropertyMapper(channel=self.channel))
        excluded = self.context.cache.get(("shopify_not_metafields", self.data.id), set())
        values = [v for v in self.data.properties if v.property_id not in excluded and not v.property.is_product_type]
        try:
            mapper.resolve(values)
        except MappingMissing as error:
            return error.missing
        return []

    def _prices(self) -> dict[int, Any]:
        currency_id = price_currency_id(self.context)
        every = [self.data, *self.data.variations]
        return {item.id: item.prices.get(currency_id) for item in every}

    def _images(self) -> list[tuple[str, str]] | None:
        if not self.channel.sync_images or self.channel.master_of("images") == "remote":
            return None
        return [(public_url(link.media.url), link.media.title or "") for link in self.data.images]

    # -- call -----------------------------------------------------------------------------------

    def _skus(self) -> dict[str, int]:
        family = self.data.variations if self.data.product.is_configurable else [self.data]
        return {item.sku: item.id for item in family}

    def _sent_input(self, payload: dict, *, found: RemoteShopifyProduct | None = None) -> dict:
        skus = self._skus()
        known = known_variants(self.context)
        variant_ids = {sku: known[pk].remote_id for sku, pk in skus.items() if pk in known and known[pk].remote_id}
        if found is not None:
            variant_ids.update({sku: v.id for sku, v in found.variants.items() if sku in skus})
        mirror = type(self).known_mirrors(self.context).get(self.object_id)
        rows = media_rows(self.context, mirror)
        by_url = {url: media_id for media_id, url in (found.media if found else [])}
        file_ids = [
            (rows[link.pk].remote_id if link.pk in rows else None) or by_url.get(file["originalSource"])
            for link, file in zip(self.data.images, payload["input"].get("files", []), strict=False)
        ]
        quantities = self._first_quantities(skus, variant_ids)
        location = primary_location(self.context) if quantities else ""
        return payloads.with_remote_ids(
            payload=payload["input"],
            variant_ids=variant_ids,
            file_ids=file_ids,
            new_quantities=quantities,
            location_id=location,
        )

    def _first_quantities(self, skus: dict[str, int], variant_ids: dict[str, str]) -> dict[str, int]:
        channel = self.channel
        if not channel.sync_stock or channel.master_of("stock") == "remote":
            return {}
        store = self.context.cache.get("product_data", {})
        return {
            sku: int(store[pk].stock)
            for sku, pk in skus.items()
            if sku not in variant_ids and store.get(pk) is not None and store[pk].stock is not None
        }

    def _product_set(self, *, payload: dict, remote_id: str | None, found=None) -> RemoteShopifyProduct:
        sent = self._sent_input(payload, found=found)
        variables: dict[str, Any] = {"input": sent}
        if remote_id:
            variables["identifier"] = {"id": remote_id}
        data = self.client.execute(document="product_set", variables=variables)
        answer = data.get("productSet") or {}
        errors = answer.get("userErrors") or []
        if remote_id and any(e.get("code") in MISSING_CODES and "identifier" in (e.get("field") or []) for e in errors):
            raise RemoteObjectMissing(f"Shopify product {remote_id} no longer exists", remote_id=remote_id)
        raise_user_errors(payload=answer, operation="productSet")
        if not isinstance(answer.get("product"), dict):
            raise InvalidVendorPayload("productSet: answer without a product", raw_excerpt=str(data)[:500])
        self.answer = parse_product(answer["product"], operation="productSet")
        self._remember_sent(sent)
        return self.answer

    def _remember_sent(self, sent: dict) -> None:
        skus = self._skus()
        for variant in sent.get("variants", []):
            product_id = skus.get(variant["inventoryItem"]["sku"])
            if "price" in variant:
                remember_sent(self.context, "price", product_id, payloads.price_fields_of(variant))
            for quantity in variant.get("inventoryQuantities") or []:
                remember_sent(self.context, "quantity", product_id, quantity["quantity"])

    def _publish(self, *, remote_id: str, publications: list[str], document: str, operation: str) -> None:
        if not publications:
            return
        inputs = [{"publicationId": publication} for publication in publications]
        data = self.client.execute(document=document, variables={"id": remote_id, "input": inputs})
        raise_user_errors(payload=data.get(operation), operation=operation)

    # -- MirrorStep hooks -----------------------------------------------------------------------

    def find_remote(self, *, payload) -> str | None:
        skus = list(self._skus())
        if not skus:
            return None
        data = self.client.execute(document="products_by_sku", variables={"query": f'sku:"{skus[0]}"'})
        nodes = [parse_product(node, operation="products") for node in (data.get("products") or {}).get("nodes") or []]
        hits = [node for node in nodes if skus[0] in node.variants]
        if len(hits) > 1:
            raise VendorValidationError([f"SKU '{skus[0]}' is used by {len(hits)} Shopify products"])
        if not hits:
            return None
        self._found = self._with_media(hits[0]) if "files" in payload["input"] else hits[0]
        return hits[0].id

    def _with_media(self, product: RemoteShopifyProduct) -> RemoteShopifyProduct:
        data = self.client.execute(document="product_by_id", variables={"id": product.id})
        if not isinstance(data.get("product"), dict):
            return product
        return parse_product(data["product"], operation="product")

    def create_remote(self, *, payload) -> str:
        product = self._product_set(payload=payload, remote_id=None)
        self._publish(
            remote_id=product.id,
            publications=payload["publications"],
            document="publishable_publish",
            operation="publishablePublish",
        )
        return product.id

    def update_remote(self, *, remote_id, payload) -> None:
        mirror = type(self).known_mirrors(self.context).get(self.object_id)
        found = self._found
        previous = (mirror.last_payload or {}) if mirror is not None and mirror.payload_hash and not found else {}
        if previous.get("input") != payload["input"]:
            self._product_set(payload=payload, remote_id=remote_id, found=found)
        before = set(previous.get("publications") or [])
        after = set(payload["publications"])
        self._publish(
            remote_id=remote_id,
            publications=sorted(after - before),
            document="publishable_publish",
            operation="publishablePublish",
        )
        self._publish(
            remote_id=remote_id,
            publications=sorted(before - after),
            document="publishable_unpublish",
            operation="publishableUnpublish",
        )

    def delete_remote(self, *, remote_id) -> None:
        data = self.client.execute(document="product_delete", variables={"input": {"id": remote_id}})
        answer = data.get("productDelete") or {}
        errors = answer.get("userErrors") or []
        if any("not exist" in (error.get("message") or "") for error in errors):
            raise RemoteObjectMissing(f"Shopify product {remote_id} was already deleted", remote_id=remote_id)
        raise_user_errors(payload=answer, operation="productDelete")

    def bind_answer(self, *, mirror) -> None:
        if self.answer is not None and not self.dry_run:
            bind_variants(context=self.context, mirror=mirror, product=self.answer, skus=self._skus())
            if "files" in (mirror.last_payload or {}).get("input", {}):
                bind_media(context=self.context, mirror=mirror, product=self.answer, links=self.data.images)
            self.answer = None

    def on_bound_elsewhere(self, *, mirror) -> None:
        super().on_bound_elsewhere(mirror=mirror)
        family = [self.object_id, *(variation.id for variation in self.data.variations)]
        reload_bound_parts(context=self.context, mirror=mirror, product_ids=family)

    def forget_remote_parts(self, *, mirror) -> None:
        super().forget_remote_parts(mirror=mirror)
        known = known_variants(self.context)
        for row in ShopifyRemoteVariant.objects.filter(remote_product=mirror):
            known.pop(row.local_instance_id, None)
            row.delete()
        RemoteImageProductAssociation.objects.filter(remote_product=mirror).delete()
        self.context.cache.pop(("shopify_media", mirror.pk), None)
        mirror.last_payload = None


class ShopifyProductCreateStep(ShopifyProductStep):
    """product.create: create, or link by SKU and update."""

    action = "create"


class ShopifyProductDeleteStep(ShopifyProductStep):
    """product.delete: productDelete (its variants and media go with it)."""

    action = "delete"


class ShopifyPriceUpdateStep(ShopifyProductStep):
    """price.update: only the variants' prices (productVariantsBulkUpdate)."""

    only_sections = ("prices",)


class ShopifyStockUpdateStep(ShopifyProductStep):
    """stock.update: only the variants' stock (inventorySetQuantities)."""

    only_sections = ("stock",)
