"""eBay listing steps: a simple product or variation is an inventory item plus an offer in the view's
marketplace; a configurable is an inventory item group of its variations, published as one listing.

The mirror's remote id is the SKU (the group key for a configurable): eBay keys inventory items by
SKU and allows one offer per SKU, marketplace and format, so every create is an upsert and a retry
links what an earlier attempt made. The offer and listing ids live on `EbayOffer`.

A configurable's group can only be written once its variants' inventory items exist: its own
"create" sends nothing, its variations are pushed (unpublished), then `finish_group` writes the group
(all variant SKUs, the varying aspects) and publishes it with `publish_by_inventory_item_group`.

An inactive product's listing is withdrawn (`withdraw` / `withdraw_by_inventory_item_group`: the listing
ends, its offers, items and group stay) and published again once the product is active; unassigning or
deleting the product deletes the offer (and the item or group when no other marketplace lists it).
"""

from contextlib import suppress
from typing import Any, ClassVar

from django.conf import settings

from sales_channels.exceptions import MappingMissing, RemoteObjectMissing
from sales_channels.factories.base import StepContext
from sales_channels.factories.lifecycle import CREATE, DELETE, RemoteAnswer
from sales_channels.factories.outcomes import CREATED, LINKED, StepOutcome
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.steps import DATA, ProductStep
from sales_channels.integrations.ebay.factories.products import categories as ebay_categories
from sales_channels.integrations.ebay.factories.products import context as ebay_context
from sales_channels.integrations.ebay.factories.products import fees as ebay_fees
from sales_channels.integrations.ebay.factories.products import payloads
from sales_channels.integrations.ebay.factories.products.push import (
    Listing,
    Pushed,
    Revisions,
    held_back,
    push_listings,
)
from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.models import RemoteProduct


def public_url(url: str) -> str:
    """An absolute URL eBay can fetch: stored files are served under ONESILA_PUBLIC_URL."""
    if url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "ONESILA_PUBLIC_URL", "http://localhost:8000").rstrip("/")
    return f"{base}/{url.lstrip('/')}"


def listing_payload(*, context: StepContext, data) -> dict[str, Any]:
    """The whole listing of a simple product or variation: its inventory item and its offer in its category."""
    view = ebay_context.marketplace(context)
    language = ebay_context.language(context)
    schema = ebay_categories.listing_schema(context, data)
    properties, names, labels = ebay_categories.aspect_inputs(context, data, schema)
    item_aspects = payloads.aspects(properties=properties, names=names, labels=labels, language=language)
    price = _price(context=context, data=data)
    quantity = int(data.stock or 0)
    item = payloads.inventory_item(
        data=data,
        language=language,
        condition=view.condition,
        item_aspects=item_aspects,
        images=payloads.image_urls(data=data, public_url=public_url),
        quantity=quantity,
    )
    offer = payloads.offer(
        sku=data.sku,
        view=view,
        price=price,
        quantity=quantity,
        description=item["product"]["description"],
        category_id=schema.remote_type,
    )
    return {"item": item, "offer": offer, "active": bool(data.product.active)}


def group_payload(*, context: StepContext, data) -> dict[str, Any]:
    """The inventory item group of a configurable (key = its SKU); its variations list under its category."""
    language = ebay_context.language(context)
    ebay_categories.remember_parent(context, data)
    schema = ebay_categories.listing_schema(context, data)
    variation_aspects = []
    for variation in data.variations:
        properties, names, labels = ebay_categories.aspect_inputs(context, variation, schema)
        variation_aspects.append(payloads.aspects(properties=properties, names=names, labels=labels, language=language))
    axes, shared = payloads.variation_axes(variation_aspects)
    images = payloads.image_urls(data=data, public_url=public_url)
    if not images:
        images = next(
            (found for v in data.variations if (found := payloads.image_urls(data=v, public_url=public_url))), []
        )
    return {
        "group": payloads.group(
            key=data.sku,
            data=data,
            language=language,
            variant_skus=[variation.sku for variation in data.variations],
            axes=axes,
            shared=shared,
            images=images,
        ),
        "active": bool(data.product.active),
    }


def _price(*, context: StepContext, data):
    view = ebay_context.marketplace(context)
    locale = context.cache.get(("locale", getattr(context.view, "pk", None)))
    currencies = locale.currencies if locale is not None else ()
    chosen = next((c for c in currencies if c.iso_code.upper() == view.currency.upper()), None)
    resolved = data.prices.get(chosen.pk) if chosen is not None else None
    return resolved.price if resolved is not None else None


def store_pushed(*, context: StepContext, mirror: RemoteProduct, pushed: Pushed) -> EbayOffer:
    """Keep the offer id, listing id and hashes of a listing that went through."""
    known = ebay_context.known_offers(context)
    row = known.get(mirror.pk) or EbayOffer(multi_tenant_company_id=context.company_id, remote_product=mirror)
    row.offer_id = pushed.offer_id or row.offer_id
    row.listing_id = pushed.listing_id or row.listing_id
    row.item_hash = pushed.hashes.get("item", row.item_hash)
    row.offer_hash = pushed.hashes.get("offer", row.offer_hash)
    row.price_quantity_hash = pushed.hashes.get("price_quantity", row.price_quantity_hash)
    if pushed.withdrawn:
        row.listing_id = ""
    row.save()
    known[mirror.pk] = row
    return row


def finish_group(*, context: StepContext, mirror: RemoteProduct, payload: dict, republish: bool) -> StepOutcome:
    """Write the group when it changed and publish it when new variants joined or it is not listed yet.

    A live group's `PUT` revises its listing (eBay updates it), as does a republish: each counts one of its
    250 revisions a day on the configurable's row, checked before the call. An inactive configurable's
    listing is withdrawn (its group and offers stay) and published again once it is active."""
    ebay_context.load_offers(context, [mirror])
    known = ebay_context.known_offers(context).get(mirror.pk)
    view = ebay_context.marketplace(context)
    body = payload["group"]
    key = body["inventoryItemGroupKey"]
    digest = payloads.split_hashes({"item": body})["item"]
    changed = known is None or known.item_hash != digest
    listing_id = known.listing_id if known is not None else ""
    active = bool(payload.get("active", True))
    withdrawn = False
    if not active and listing_id:
        with suppress(RemoteObjectMissing):  # already ended
            context.client.withdraw_group(key=key, marketplace=view.remote_id)
        listing_id, withdrawn = "", True
        if known is not None:
            known.listing_id = ""
    revisions = Revisions()
    try:
        if changed:
            if listing_id and known is not None and not revisions.spend(known):
                raise held_back()
            context.client.put_group(key=key, body=body, language=view.content_language)
        if active and (republish or not listing_id):
            if listing_id and known is not None and not revisions.spend(known):
                raise held_back()
            listing_id = context.client.publish_group(key=key, marketplace=view.remote_id)
    finally:
        revisions.save()
    pushed = Pushed(listing_id=listing_id, hashes={"item": digest}, withdrawn=withdrawn)
    store_pushed(context=context, mirror=mirror, pushed=pushed)
    if not active:
        said = "listing withdrawn" if withdrawn else "not listed"
        return StepOutcome(kind="updated", remote_id=key, detail=f"{said} (the product is inactive)")
    return StepOutcome(kind=CREATED if not known else "updated", remote_id=listing_id, detail="item group published")


class EbayListingStep(ProductStep):
    """A simple product or a variation: inventory item + offer (published unless it is a variation)."""

    payload_needs = ProductStep.payload_needs | {parts.PRICES, parts.STOCK, parts.IMAGES, parts.PROPERTIES}
    publishes: ClassVar[bool] = True
    deletes_variations = True

    @classmethod
    def prefetch(cls, *, context: StepContext, object_ids: list[int]) -> None:
        super().prefetch(context=context, object_ids=object_ids)
        ebay_context.load_offers(context, [m for m in cls.known_mirrors(context).values() if m is not None])
        loaded = context.cache.get(DATA) or {}
        ebay_categories.prefetch_parent_types(context, [loaded.get(object_id) for object_id in object_ids])

    def build_payload(self) -> dict:
        """The listing, checked against its category's aspects before anything is sent."""
        if self.data.product.is_configurable:
            payload = group_payload(context=self.context, data=self.data)
            axes = [spec["name"] for spec in payload["group"]["variesBy"]["specifications"]]
            schema = ebay_categories.listing_schema(self.context, self.data)
            ebay_categories.check_group(binder=self.binder(), schema=schema, axes=axes, dry_run=self.dry_run)
            return payload
        payload = listing_payload(context=self.context, data=self.data)
        missing = []
        if "pricingSummary" not in payload["offer"]:
            missing.append(f"a price in {payload['offer']['marketplaceId']}'s currency")
        if self.publishes and not payload["item"]["product"]["imageUrls"]:
            missing.append("an HTTPS image (eBay publishes no listing without one)")
        if missing:
            raise MappingMissing([f"{self.data.sku}: {item}" for item in missing])
        schema = ebay_categories.listing_schema(self.context, self.data)
        aspects = payload["item"]["product"]["aspects"]
        ebay_categories.check_listing(binder=self.binder(), schema=schema, aspects=aspects, dry_run=self.dry_run)
        return payload

    def annotate_preview(self, *, outcome: StepOutcome, mirror: RemoteProduct | None, payload: dict) -> StepOutcome:
        """The dry run's preview, with what eBay would charge for a listing (variations go with their group)."""
        if not self.publishes:
            return outcome
        return ebay_fees.quote_one(context=self.context, outcome=outcome, mirror=mirror, group="group" in payload)

    def find_remote(self, *, payload: dict) -> str | None:
        return None  # creates are upserts by SKU: nothing to look up first

    def create_remote(self, *, payload: dict) -> str | RemoteAnswer:
        if "group" in payload:
            return payload["group"]["inventoryItemGroupKey"]  # written once its variations exist (after_bind)
        pushed = self._push(payload)
        return RemoteAnswer(remote_id=payload["item"]["sku"], body=pushed)

    def update_remote(self, *, remote_id: str, payload: dict) -> Pushed | None:
        if "group" in payload:
            return None
        return self._push(payload)

    def _push(self, payload: dict) -> Pushed:
        """Write the item and its offer (publishing when the step publishes): what eBay answered."""
        mirror = self.binder().find()
        ebay_context.load_offers(self.context, [mirror] if mirror is not None else [])
        known = ebay_context.known_offers(self.context).get(mirror.pk) if mirror is not None else None
        listing = Listing(
            key=payload["item"]["sku"], payload=payload, known=known, publish=self.publishes, live=self.group_row()
        )
        language = ebay_context.marketplace(self.context).content_language
        [result] = push_listings(client=self.client, language=language, listings=[listing]).values()
        if not isinstance(result, Pushed):
            raise result.error
        return result

    def group_row(self) -> EbayOffer | None:
        """A variation's group row (the configurable's): it counts the revisions of the group's listing."""
        parent = self.parent_mirror
        if parent is None or parent.pk is None:
            return None
        ebay_context.load_offers(self.context, [parent])
        return ebay_context.known_offers(self.context).get(parent.pk)

    def bind_answer(self, *, mirror: RemoteProduct, answer: Pushed | None) -> None:
        if answer is not None:
            store_pushed(context=self.context, mirror=mirror, pushed=answer)

    def after_bind(self, *, mirror: RemoteProduct | None) -> list[StepOutcome]:
        outcomes = super().after_bind(mirror=mirror)
        if mirror is None or self.dry_run or not self.data.product.is_configurable:
            return outcomes
        payload = self.build_payload()
        created = any(child.kind in (CREATED, LINKED) for o in outcomes for child in o.children)
        try:
            outcomes.append(finish_group(context=self.context, mirror=mirror, payload=payload, republish=created))
        except Exception as error:
            self.binder().record_failure(mirror, error)
            raise
        return outcomes

    def delete_remote(self, *, remote_id: str) -> None:
        delete_listing(context=self.context, mirror=self.binder().find(), remote_id=remote_id)


def delete_listing(*, context: StepContext, mirror: RemoteProduct | None, remote_id: str) -> None:
    """End the listing in this marketplace: its offer (or group listing); the item or group itself goes
    only when no other marketplace of the channel still lists it."""
    view = ebay_context.marketplace(context)
    row = EbayOffer.objects.filter(remote_product=mirror).first() if mirror is not None else None
    elsewhere = mirror is not None and (
        RemoteProduct.objects.filter(sales_channel_id=mirror.sales_channel_id, remote_id=remote_id)
        .exclude(view_id=mirror.view_id)
        .exists()
    )
    is_group = mirror is not None and mirror.variations.exists() or (row is not None and not row.offer_id)
    if is_group:
        with suppress(RemoteObjectMissing):  # already ended
            context.client.withdraw_group(key=remote_id, marketplace=view.remote_id)
        if not elsewhere:
            context.client.delete_group(key=remote_id)
        return
    if row is not None and row.offer_id:
        with suppress(RemoteObjectMissing):  # already gone: what the delete wanted
            context.client.delete_offer(offer_id=row.offer_id)
    if not elsewhere:
        context.client.delete_item(sku=remote_id)


class EbayVariationStep(EbayListingStep):
    """A variation: its item and offer, published with the group rather than alone."""

    publishes = False


class EbayProductStep(EbayListingStep):
    """product.sync / product.update: the listing, and for a configurable its variations and group."""

    variation_step = EbayVariationStep


class EbayProductCreateStep(EbayProductStep):
    action = CREATE


class EbayProductDeleteStep(EbayProductStep):
    action = DELETE
