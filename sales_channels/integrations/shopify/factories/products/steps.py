"""The Shopify product steps: one `productSet` per listing and at most one follow-up call.

Recipe of `ShopifyProductStep` (the framework's ProductStep does the lifecycle, hashing and locking):
map (`payloads.product_set_input` with the property metafields, variant metafields and the listing's
custom id, after the pre-push check that lists every missing mapping) -> call (`productSet` upserting
by custom id or handle on create, by id once bound; no lookup) -> follow-up (`ListingFollowUp`:
publications that changed, translations of every locale, metafields of removed values) -> bind
(product, variant and media gids) -> sections (prices, stock: skipped when productSet set them) ->
variations, whose step only binds the variant the listing's productSet created.
"""

from typing import Any

from sales_channels.exceptions import (
    InvalidVendorPayload,
    MappingMissing,
    RemoteObjectMissing,
    VendorValidationError,
)
from sales_channels.factories.lifecycle import RemoteAnswer
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.steps import ProductStep
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.products import listing, media, payloads
from sales_channels.integrations.shopify.factories.products.axes import axes_for, product_type_name
from sales_channels.integrations.shopify.factories.products.binding import (
    ProductSetAnswer,
    bind_variants,
    product_set_answer,
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
    remote_locale,
)
from sales_channels.integrations.shopify.factories.products.sections import ShopifyPricesSection, ShopifyStockSection
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import RemoteImageProductAssociation

MISSING_CODES = {"NOT_FOUND", "PRODUCT_DOES_NOT_EXIST"}
TEXT_KEYS = ("title", "descriptionHtml", "handle", "productType")  # translatable: their digests change
PRODUCT_GID = "gid://shopify/Product/"
MAX_PAGE = 250


class MissingCustomIdDefinition(VendorValidationError):
    """productSet refused the customId identifier: the unique metafield definition is gone."""


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
    """product.sync: one productSet carries the listing; one follow-up call publishes and translates."""

    sections = (ShopifyPricesSection, ShopifyStockSection)
    variation_step = ShopifyVariationStep
    payload_needs = frozenset({parts.CONTENT, parts.EAN, parts.VIEWS, parts.PRICES, parts.IMAGES, parts.PROPERTIES})
    deletes_variations = False  # Shopify deletes the variants with their product
    # productSet upserts by the listing's custom id: a create whose answer was lost is simply sent again and
    # lands on the same product (no lookup through the lagging products(query: "sku:...") index).
    redo_lost_create = True

    @classmethod
    def prefetch(cls, *, context, object_ids: list[int]) -> None:
        super().prefetch(context=context, object_ids=object_ids)
        store = context.cache.get("product_data", {})
        family = [pk for pk in store if store[pk] is not None] + list(object_ids)
        load_variants(context, family)
        if cls.only_sections is None and not context.dry_run:
            listings = cls.known_mirrors(context)
            media.check_processing(context=context, mirrors=[listings.get(pk) for pk in object_ids])

    # -- map ------------------------------------------------------------------------------------

    def build_payload(self) -> dict:
        data = self.data
        language = primary_language(self.context)
        axes, problems = axes_for(context=self.context, data=data, language=language)
        excluded = {axis_id for axis_id, _axis in axes}
        metafields, variant_metafields, missing = listing.listing_metafields(
            context=self.context, data=data, excluded=excluded
        )
        problems += missing
        if problems:
            raise MappingMissing(problems)
        translation = data.translations.get(language)
        identity = listing.custom_id(context=self.context)
        if identity is not None:
            metafields = [*metafields, listing.custom_id_metafield(sku=data.sku)]
        handle = None if identity or (translation and translation.url_key) else payloads.slug(data.sku)
        payload = {
            "input": payloads.product_set_input(
                data=data,
                translation=translation,
                prices=self._prices(),
                axes=[axis for _pk, axis in axes],
                with_ean=self.channel.sync_ean_codes,
                images=self._images(),
                product_type=product_type_name(data=data, language=language),
                metafields=metafields,
                variant_metafields=variant_metafields,
                handle=handle,
            ),
            "publications": sorted(data.view_remote_ids),
            "translations": self._translations(language),
        }
        for variant, variation in zip(payload["input"]["variants"], data.variations, strict=False):
            self.context.cache[("shopify_variant_input", variation.id)] = variant
        return payload

    def _translations(self, primary: str) -> list[dict]:
        """Title and description in each non-primary language, with fingerprints of the text they translate."""
        channel = self.channel
        if not channel.sync_contents or channel.master_of("content") == "remote":
            return []
        source = self.data.translations.get(primary)
        return [
            payloads.translation_payload(
                locale=remote_locale(self.context, language), translation=translation, source=source
            )
            for language, translation in sorted(self.data.translations.items())
            if language != primary
        ]

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

    def _variant_ids(self) -> dict[str, str]:
        known = known_variants(self.context)
        return {sku: known[pk].remote_id for sku, pk in self._skus().items() if pk in known and known[pk].remote_id}

    def _batch_products(self) -> list[str]:
        """The product ids of the batch's listings already bound (their digests are read together)."""
        mirrors = type(self).known_mirrors(self.context).values()
        return [m.remote_id for m in mirrors if m is not None and m.parent_id is None and PRODUCT_GID in m.remote_id]

    def _sent_input(self, payload: dict) -> dict:
        skus = self._skus()
        variant_ids = self._variant_ids()
        mirror = type(self).known_mirrors(self.context).get(self.object_id)
        file_ids = media.file_ids(
            rows=media.media_rows(context=self.context, mirror=mirror),
            links=self.data.images,
            files=payload["input"].get("files", []),
        )
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

    def _product_set(self, *, payload: dict, identifier: dict) -> ProductSetAnswer:
        sent = self._sent_input(payload)
        variants, files = sent.get("variants") or [], sent.get("files") or []
        variables: dict[str, Any] = {
            "input": sent,
            "identifier": identifier,
            "variantsFirst": max(1, min(MAX_PAGE, len(variants))),
            "mediaFirst": max(1, min(MAX_PAGE, len(files))),
            # only new variants and new files have ids to bind: the rest of the answer is not asked for
            "withVariants": any("id" not in variant for variant in variants),
        }
        new_files = any("id" not in file for file in files)
        # one file (productSet leaves no other): the featured media is that file, an object instead of a connection
        variables["withFeaturedMedia"] = new_files and len(files) == 1
        variables["withMedia"] = new_files and len(files) > 1
        data = self.client.execute(
            document="product_set", variables=variables, expected_cost=payloads.product_set_cost(variables=variables)
        )
        answer = data.get("productSet") or {}
        errors = answer.get("userErrors") or []
        remote_id = identifier.get("id")
        if remote_id and any(e.get("code") in MISSING_CODES and "identifier" in (e.get("field") or []) for e in errors):
            raise RemoteObjectMissing(f"Shopify product {remote_id} no longer exists", remote_id=remote_id)
        if "customId" in identifier and any((e.get("field") or [])[:2] == ["identifier", "customId"] for e in errors):
            raise MissingCustomIdDefinition([e.get("message") or "" for e in errors])
        raise_user_errors(payload=answer, operation="productSet")
        if not isinstance(answer.get("product"), dict):
            raise InvalidVendorPayload("productSet: answer without a product", raw_excerpt=str(data)[:500])
        self._remember_sent(sent)
        return product_set_answer(product=answer["product"], sent=sent)

    def _remember_sent(self, sent: dict) -> None:
        skus = self._skus()
        for variant in sent.get("variants", []):
            product_id = skus.get(variant["inventoryItem"]["sku"])
            if "price" in variant:
                remember_sent(self.context, "price", product_id, payloads.price_fields_of(variant))
            for quantity in variant.get("inventoryQuantities") or []:
                remember_sent(self.context, "quantity", product_id, quantity["quantity"])

    # -- MirrorStep hooks -----------------------------------------------------------------------

    def find_remote(self, *, payload) -> str | None:
        """No lookup: productSet upserts by the listing's custom id (or handle), see create_remote."""
        return None

    def create_remote(self, *, payload) -> RemoteAnswer:
        identity = listing.custom_id(context=self.context)
        identifier = payloads.identifier(payload=payload["input"], custom_id=identity, sku=self.data.sku)
        try:
            answer = self._product_set(payload=payload, identifier=identifier)
        except MissingCustomIdDefinition:
            listing.forget_custom_id_definition(context=self.context)  # deleted on Shopify: ensured again, retried once
            identity = listing.custom_id(context=self.context)
            identifier = payloads.identifier(payload=payload["input"], custom_id=identity, sku=self.data.sku)
            answer = self._product_set(payload=payload, identifier=identifier)
        product_id = answer.product.id
        listing.predict_digests(context=self.context, product_id=product_id, product_input=payload["input"])
        listing.send_follow_up(
            context=self.context,
            product_id=product_id,
            publish=payload["publications"],
            unpublish=[],
            translations=payload["translations"],
            delete=[],
            batch=self._batch_products(),
        )
        return RemoteAnswer(remote_id=product_id, body=answer)

    def update_remote(self, *, remote_id, payload) -> ProductSetAnswer | None:
        mirror = type(self).known_mirrors(self.context).get(self.object_id)
        previous = (mirror.last_payload or {}) if mirror is not None and mirror.payload_hash else {}
        before_input = previous.get("input") or {}
        answer = None
        if before_input != payload["input"]:
            answer = self._product_set(payload=payload, identifier={"id": remote_id})
            if any(before_input.get(key) != payload["input"].get(key) for key in TEXT_KEYS):
                listing.predict_digests(context=self.context, product_id=remote_id, product_input=payload["input"])
        before = set(previous.get("publications") or [])
        after = set(payload["publications"])
        removed = payloads.removed_metafields(previous=before_input, current=payload["input"])
        listing.send_follow_up(
            context=self.context,
            product_id=remote_id,
            publish=sorted(after - before),
            unpublish=sorted(before - after),
            translations=payloads.changed_translations(
                previous=previous.get("translations"), current=payload["translations"]
            ),
            delete=listing.metafields_to_delete(product_id=remote_id, removed=removed, variant_ids=self._variant_ids()),
            batch=self._batch_products(),
        )
        return answer

    def delete_remote(self, *, remote_id) -> None:
        data = self.client.execute(document="product_delete", variables={"input": {"id": remote_id}})
        answer = data.get("productDelete") or {}
        errors = answer.get("userErrors") or []
        if any("not exist" in (error.get("message") or "") for error in errors):
            raise RemoteObjectMissing(f"Shopify product {remote_id} was already deleted", remote_id=remote_id)
        raise_user_errors(payload=answer, operation="productDelete")

    def bind_answer(self, *, mirror, answer: ProductSetAnswer | None) -> None:
        if answer is None or self.dry_run:
            return
        bind_variants(context=self.context, mirror=mirror, product=answer.product, skus=self._skus())
        files = (mirror.last_payload or {}).get("input", {}).get("files")
        if files is not None and answer.sent_files is not None:
            media.bind(
                context=self.context,
                mirror=mirror,
                answer_nodes=answer.media_nodes,
                links=self.data.images,
                sent_files=answer.sent_files,
                sources=[file["originalSource"] for file in files],
            )

    def on_bound_elsewhere(self, *, mirror) -> None:
        super().on_bound_elsewhere(mirror=mirror)
        family = [self.object_id, *(variation.id for variation in self.data.variations)]
        reload_bound_parts(context=self.context, mirror=mirror, product_ids=family)

    def after_bind(self, *, mirror) -> list:
        if self.only_sections is None and mirror is not None and mirror.pk is not None and not self.dry_run:
            try:
                media.raise_failed(context=self.context, mirror=mirror)
            except VendorValidationError as error:
                self.binder().record_failure(mirror, error)
                raise
        return super().after_bind(mirror=mirror)

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
