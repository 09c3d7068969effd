"""The single-listing steps over Magento's synchronous routes: deletes, fallbacks and the pieces batches reuse.

A listing's remote id is its SKU (every Magento route addresses products by SKU). `Magento2ProductStep`
saves a configurable's children before the parent, then the parent, then the option axes and child
links the parent lacks; store views get their own name and description through their code; only
images the listing did not have before are uploaded (base64), so a resync never duplicates them, and
images it no longer has are deleted from the gallery (`images.py`).
"""

from typing import Any
from urllib.parse import quote

from django.core.files.storage import default_storage

from media.models import Media
from sales_channels.exceptions import MappingMissing, RemoteObjectMissing, VendorValidationError
from sales_channels.factories.lifecycle import CREATE, DELETE
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.steps import DATA, ProductStep
from sales_channels.integrations.magento2.factories.prices.special_prices import prefetch_windows, save_specials
from sales_channels.integrations.magento2.factories.products import payloads
from sales_channels.integrations.magento2.factories.products.images import delete_removed_images, removed_images
from sales_channels.integrations.magento2.factories.products.listing import base_currency, listing_payload
from sales_channels.integrations.magento2.factories.products.sections import Magento2PricesSection, Magento2StockSection
from sales_channels.models import RemoteProduct


def image_bytes(media_id: int) -> bytes:
    """The stored file of a media row (Magento takes image bytes, not URLs)."""
    media = Media.objects.filter(pk=media_id).only("image", "source_url").first()
    if media is None or not media.image:
        raise MappingMissing([f"an image file for media #{media_id} (Magento takes uploaded bytes, not URLs)"])
    with default_storage.open(media.image.name, "rb") as handle:
        return handle.read()


def new_images(*, payload: dict, previous: dict | None) -> list[dict]:
    """Images the listing did not have when it was last pushed (by content key)."""
    before = {image["key"] for image in (previous or {}).get("images") or []}
    return [image for image in payload.get("images") or [] if image["key"] not in before]


def new_options(*, payload: dict, previous: dict | None) -> list[dict]:
    before = {option["attribute_id"] for option in (previous or {}).get("options") or []}
    return [option for option in payload.get("options") or [] if option["attribute_id"] not in before]


def new_children(*, payload: dict, previous: dict | None) -> list[str]:
    before = set((previous or {}).get("children") or [])
    return [sku for sku in payload.get("children") or [] if sku not in before]


class Magento2ProductStep(ProductStep):
    """product.sync for one listing through synchronous routes (deletes, and listings a batch cannot send)."""

    sections = (Magento2PricesSection, Magento2StockSection)
    payload_needs = frozenset({parts.CONTENT, parts.PRICES, parts.IMAGES, parts.PROPERTIES, parts.STOCK, parts.VIEWS})
    deletes_variations = True  # Magento keeps a configurable's children when the parent is deleted

    @classmethod
    def prefetch(cls, *, context, object_ids: list[int]) -> None:
        super().prefetch(context=context, object_ids=object_ids)
        currency = base_currency(context)
        loaded = [pk for pk, data in context.cache.get(DATA, {}).items() if data is not None]
        prefetch_windows(context=context, product_ids=loaded, currency_id=currency.pk if currency else None)

    def build_payload(self) -> dict:
        parent = None
        if self.parent_mirror is not None:
            parent = self.context.cache.get(DATA, {}).get(self.parent_mirror.local_instance_id)
        return listing_payload(
            context=self.context, data=self.data, is_variation=self.parent_mirror is not None, parent=parent
        )

    def find_remote(self, *, payload) -> str | None:
        sku = payload["product"]["sku"]
        try:
            self.client.get(f"products/{_quoted(sku)}", remote_id=sku)
        except RemoteObjectMissing:
            return None
        return sku

    def create_remote(self, *, payload) -> str:
        self._save(payload=payload, previous=None)
        return payload["product"]["sku"]

    def update_remote(self, *, remote_id, payload) -> None:
        mirror = self.binder().find()
        previous = _previous_payload(mirror)
        self.client.get(f"products/{_quoted(remote_id)}", remote_id=remote_id)  # gone: RemoteObjectMissing recreates
        self._save(payload=payload, previous=previous)

    def delete_remote(self, *, remote_id) -> None:
        self.client.delete(f"products/{_quoted(remote_id)}", remote_id=remote_id)

    def _save(self, *, payload: dict, previous: dict | None) -> None:
        client = self.client
        sku = payload["product"]["sku"]
        if payload.get("children"):
            for variation in self.data.variations:  # children exist before the parent links them
                child = listing_payload(context=self.context, data=variation, is_variation=True, parent=self.data)
                client.post("products", body={"product": child["product"], "saveOptions": True})
        client.post("products", body={"product": payload["product"], "saveOptions": True})
        wanted, before = {sku: payload.get("special")}, {sku: (previous or {}).get("special")}
        refused = save_specials(client=client, wanted=wanted, previous=before)
        if refused:
            raise VendorValidationError(list(refused.values()))
        for code, body in sorted((payload.get("views") or {}).items()):
            client.put(f"products/{_quoted(sku)}", scope=code, body={"product": body})
        for image in new_images(payload=payload, previous=previous):
            entry = payloads.media_entry(descriptor=image, data=image_bytes(image["media"]))
            client.post(f"products/{_quoted(sku)}/media", body={"entry": entry})
        removed = removed_images(payload=payload, previous=previous)
        delete_removed_images(client=client, sku=sku, removed=removed, kept=payload.get("images") or [])
        for option in new_options(payload=payload, previous=previous):
            client.post(f"configurable-products/{_quoted(sku)}/options", body={"option": option})
        for child in new_children(payload=payload, previous=previous):
            client.post(f"configurable-products/{_quoted(sku)}/child", body={"childSku": child})


class Magento2VariationStep(Magento2ProductStep):
    """A configurable's child: a simple product, not visible individually, linked by its parent."""

    variation_step = None

    def delete_remote(self, *, remote_id) -> None:
        self.client.delete(f"products/{_quoted(remote_id)}", remote_id=remote_id)


Magento2ProductStep.variation_step = Magento2VariationStep


class Magento2ProductCreateStep(Magento2ProductStep):
    """product.create: create, or link by SKU and update."""

    action = CREATE


class Magento2ProductDeleteStep(Magento2ProductStep):
    """product.delete: the children, then the listing."""

    action = DELETE


class Magento2PriceUpdateStep(Magento2ProductStep):
    """price.update: only the base price."""

    only_sections = ("prices",)


class Magento2StockUpdateStep(Magento2ProductStep):
    """stock.update: only the source item."""

    only_sections = ("stock",)


def _previous_payload(mirror: RemoteProduct | None) -> dict[str, Any] | None:
    if mirror is None or mirror.pk is None or not mirror.payload_hash:
        return None
    return RemoteProduct.objects.filter(pk=mirror.pk).values_list("last_payload", flat=True).first()


def _quoted(sku: str) -> str:
    """A SKU as one path segment (Magento takes SKUs with slashes URL-encoded)."""
    return quote(sku, safe="")
