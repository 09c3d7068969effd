"""Pure payload builders: ProductData -> ProductSetInput and the inputs of the section mutations.

No I/O: the step gathers what the builders need (the language, the axes with their value per
variation, the price currency, the public image URLs) and the remote ids it knows. The hashed
payload carries no remote ids: `with_remote_ids` adds them just before the call, so binding ids
after a create does not make the next (unchanged) sync look different.
"""

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DEFAULT_OPTION = "Title"
DEFAULT_VALUE = "Default Title"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Axis:
    """One product option: its name and the value name of each variation (by local product id)."""

    name: str
    values: dict[int, str] = field(default_factory=dict)


def money(amount: Decimal | None) -> str | None:
    """Shopify's Money scalar: a decimal string with two places."""
    return None if amount is None else str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def price_fields(price) -> dict[str, Any]:
    """price and compareAtPrice (the RRP, only when above the price; null clears an old one)."""
    if price is None or price.price is None:
        return {}
    compare = price.rrp if price.rrp is not None and price.rrp > price.price else None
    return {"price": money(price.price), "compareAtPrice": money(compare)}


def variant_input(
    *, data, option_values: list[tuple[str, str]], price, with_ean: bool, metafields: list[dict] | None = None
) -> dict[str, Any]:
    """ProductVariantSetInput of one simple product or variation (without its id)."""
    variant: dict[str, Any] = {
        "optionValues": [{"optionName": name, "name": value} for name, value in option_values],
        "inventoryItem": {"sku": data.sku, "tracked": True},
        "inventoryPolicy": "CONTINUE" if data.product.allow_backorder else "DENY",
        **price_fields(price),
    }
    if with_ean:
        variant["barcode"] = data.ean or None
    if metafields:
        variant["metafields"] = metafields
    return variant


def options_input(*, axes: list[Axis], variation_ids: list[int]) -> list[dict[str, Any]]:
    """productOptions: each axis with its values in the order the variations first use them."""
    return [
        {"name": axis.name, "values": [{"name": v} for v in dict.fromkeys(axis.values[pk] for pk in variation_ids)]}
        for axis in axes
    ]


def file_inputs(*, images: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """FileSetInput per (public url, alt), main image first (the order given)."""
    return [{"originalSource": url, "alt": alt, "contentType": "IMAGE"} for url, alt in images]


def product_set_input(
    *,
    data,
    translation,
    prices: dict[int, Any],
    axes: list[Axis] | None = None,
    with_ean: bool = True,
    images: list[tuple[str, str]] | None = None,
    product_type: str | None = None,
    metafields: list[dict[str, str]] | None = None,
    variant_metafields: dict[int, list[dict[str, str]]] | None = None,
    handle: str | None = None,
) -> dict[str, Any]:
    """ProductSetInput of a simple product (one default variant) or a configurable (axes x variations).

    `prices` maps local product id -> ResolvedPrice in the shop currency; `images` None leaves the
    product's files alone (images not synced), a list replaces them. `metafields` (the property
    values and the listing's custom id) and `variant_metafields` (by variation id) ride along, so one
    productSet carries the whole listing; `handle` (when given) wins over the url key.
    """
    payload: dict[str, Any] = {
        "title": (translation.name if translation else "") or data.sku,
        "descriptionHtml": (translation.description if translation else "") or "",
        "status": "ACTIVE" if data.product.active else "DRAFT",
    }
    if handle or (translation is not None and translation.url_key):
        payload["handle"] = handle or translation.url_key
    if product_type:
        payload["productType"] = product_type
    if data.product.is_configurable:
        ids = [variation.id for variation in data.variations]
        payload["productOptions"] = options_input(axes=axes or [], variation_ids=ids)
        payload["variants"] = [
            variant_input(
                data=variation,
                option_values=[(axis.name, axis.values[variation.id]) for axis in axes or []],
                price=prices.get(variation.id),
                with_ean=with_ean,
                metafields=(variant_metafields or {}).get(variation.id),
            )
            for variation in data.variations
        ]
    else:
        payload["productOptions"] = [{"name": DEFAULT_OPTION, "values": [{"name": DEFAULT_VALUE}]}]
        payload["variants"] = [
            variant_input(
                data=data, option_values=[(DEFAULT_OPTION, DEFAULT_VALUE)], price=prices.get(data.id), with_ean=with_ean
            )
        ]
    if images is not None:
        payload["files"] = file_inputs(images=images)
    if metafields:
        payload["metafields"] = sorted(metafields, key=lambda m: (m["namespace"], m["key"]))
    return payload


def product_set_cost(*, variables: dict[str, Any]) -> float:
    """The requested cost of a ProductSet call: 10 + 0.2/variant + 1.9/file + 0.4/metafield (rounded up, 2025-10
    onwards) plus the connections its answer selects (documents/product_set.graphql), so the throttle waits for
    enough points. The payload's objects (`product`, `userErrors`, `featuredMedia`) cost nothing in a mutation."""
    sent = variables.get("input") or {}
    variants, files = sent.get("variants") or [], sent.get("files") or []
    metafields = len(sent.get("metafields") or []) + sum(len(v.get("metafields") or []) for v in variants)
    dynamic = math.ceil(0.2 * len(variants) + 1.9 * len(files) + 0.4 * metafields - 1e-9)
    selection = 0
    if variables.get("withVariants"):
        selection += 2 + int(variables.get("variantsFirst") or 0)  # each variant (id and SKU)
    if variables.get("withMedia"):
        selection += 2 + int(variables.get("mediaFirst") or 0)
    return float(10 + dynamic + selection)


def slug(text: str) -> str:
    """A handle from a SKU or title: lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-") or "product"


def identifier(*, payload: dict[str, Any], custom_id: tuple[str, str] | None, sku: str) -> dict[str, Any]:
    """ProductSetIdentifiers of a listing not bound yet: its custom id (a unique metafield) or its handle.

    Either upserts: a retried create finds the product its first attempt made instead of duplicating it.
    """
    if custom_id is not None:
        return {"customId": {"namespace": custom_id[0], "key": custom_id[1], "value": sku}}
    return {"handle": payload["handle"]}


def removed_metafields(*, previous: dict[str, Any], current: dict[str, Any]) -> list[tuple[str | None, str, str]]:
    """(variant SKU or None for the product, namespace, key) of metafields sent last time and gone now."""

    def keys(input_: dict[str, Any]) -> set[tuple[str | None, str, str]]:
        found = {(None, m["namespace"], m["key"]) for m in input_.get("metafields") or []}
        for variant in input_.get("variants") or []:
            sku = variant["inventoryItem"]["sku"]
            found |= {(sku, m["namespace"], m["key"]) for m in variant.get("metafields") or []}
        return found

    return sorted(keys(previous) - keys(current), key=lambda entry: (entry[0] or "", entry[1], entry[2]))


def with_remote_ids(
    *,
    payload: dict[str, Any],
    variant_ids: dict[str, str],
    file_ids: list[str | None],
    new_quantities: dict[str, int] | None = None,
    location_id: str = "",
) -> dict[str, Any]:
    """The input actually sent: known variant ids (by SKU) and media ids (by position) added.

    productSet replaces lists, so omitting a known id would delete and recreate that variant or
    duplicate that image. New variants may carry their first stock level (`new_quantities` by SKU).
    """
    sent = dict(payload)
    variants = []
    for variant in payload.get("variants", []):
        sku = variant["inventoryItem"]["sku"]
        entry = dict(variant)
        if variant_ids.get(sku):
            entry = {"id": variant_ids[sku], **entry}
        elif new_quantities and location_id and sku in new_quantities:
            entry["inventoryQuantities"] = [
                {"locationId": location_id, "name": "available", "quantity": new_quantities[sku]}
            ]
        variants.append(entry)
    if "variants" in payload:
        sent["variants"] = variants
    if "files" in payload:
        sent["files"] = [
            {"id": file_ids[index], "alt": file["alt"]} if index < len(file_ids) and file_ids[index] else file
            for index, file in enumerate(payload["files"])
        ]
    return sent


def translation_payload(*, locale: str, translation, source) -> dict[str, Any]:
    """A non-primary language's title and description, with a fingerprint of the primary text they translate.

    When the primary text changes, Shopify marks the translations outdated: the fingerprint makes the
    section's hash change too, so they are registered again against the new digests.
    """
    return {
        "locale": locale,
        "title": translation.name or "",
        "body_html": translation.description or "",
        "source": {
            "title": _fingerprint(source.name if source else ""),
            "body_html": _fingerprint(source.description if source else ""),
        },
    }


def _fingerprint(text: str | None) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def translation_inputs(
    *, payload: dict[str, Any], content: list[dict[str, Any]], existing: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """TranslationInput for each key whose translation is missing, different or outdated on Shopify."""
    digests = {entry["key"]: entry.get("digest") for entry in content}
    current = {entry["key"]: entry for entry in existing}
    inputs = []
    for key in ("title", "body_html"):
        value = payload.get(key) or ""
        known = current.get(key)
        if not value.strip() or not digests.get(key):
            continue
        if known is not None and known.get("value") == value and not known.get("outdated"):
            continue
        inputs.append(
            {"locale": payload["locale"], "key": key, "value": value, "translatableContentDigest": digests[key]}
        )
    return inputs


def changed_translations(*, previous: list[dict] | None, current: list[dict]) -> list[dict[str, Any]]:
    """The locales whose translation payload differs from what was registered last time."""
    before = {entry["locale"]: entry for entry in previous or []}
    return [entry for entry in current if before.get(entry["locale"]) != entry]


def register_inputs(*, translations: list[dict[str, Any]], digests: dict[str, str]) -> list[dict[str, str]]:
    """TranslationInput of every locale and key at once (one translationsRegister per product)."""
    return [
        {
            "locale": entry["locale"],
            "key": key,
            "value": entry[key],
            "translatableContentDigest": digests[key],
        }
        for entry in translations
        for key in ("title", "body_html")
        if (entry.get(key) or "").strip() and digests.get(key)
    ]


def follow_up_variables(
    *,
    product_id: str,
    publish: list[str],
    unpublish: list[str],
    translations: list[dict[str, str]],
    delete: list[dict[str, str]],
) -> dict[str, Any]:
    """Variables of ListingFollowUp: each part is included only when it has something to send."""
    return {
        "id": product_id,
        "publish": [{"publicationId": publication} for publication in publish],
        "unpublish": [{"publicationId": publication} for publication in unpublish],
        "translations": translations,
        "deleteMetafields": delete,
        "withPublish": bool(publish),
        "withUnpublish": bool(unpublish),
        "withTranslations": bool(translations),
        "withMetafieldsDelete": bool(delete),
    }


def stock_input(*, inventory_item_id: str, location_id: str, quantity: int, change_from: int | None) -> dict[str, Any]:
    """InventorySetQuantitiesInput: set `available` at one location, compare-and-swap from `change_from`.

    `change_from` is the quantity we believe is there (None skips the check, explicitly: 2026-01 wants
    `changeFromQuantity` on every row).
    """
    return {
        "name": "available",
        "reason": "correction",
        "referenceDocumentUri": "onesila://stock",
        "quantities": [
            {
                "inventoryItemId": inventory_item_id,
                "locationId": location_id,
                "quantity": quantity,
                "changeFromQuantity": change_from,
            }
        ],
    }


def stock_idempotency_key(*, task_key: str, stock: dict[str, Any]) -> str:
    """The `@idempotent` key of one stock adjustment: the task plus the adjustment itself.

    A retried task sends the same adjustment under the same key, so Shopify applies it once; a new
    task (or the retry after a stale re-read, whose changeFromQuantity differs) is a new adjustment.
    """
    digest = hashlib.sha256(f"{task_key}|{json.dumps(stock, sort_keys=True)}".encode()).hexdigest()
    return f"onesila-stock-{digest[:40]}"


def price_update_input(*, variant_id: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """ProductVariantsBulkInput list for a price-only update of one variant."""
    return [{"id": variant_id, **payload}]


def price_fields_of(variant: dict[str, Any]) -> dict[str, Any]:
    """The price part of a sent variant input (what the prices section would send)."""
    return {"price": variant.get("price"), "compareAtPrice": variant.get("compareAtPrice")}
