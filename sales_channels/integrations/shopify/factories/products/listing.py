"""What one listing needs around its productSet, at the fewest calls: identifier, metafields, follow-up.

- the listing's **custom id**: a unique-values product metafield definition (`onesila_sync.sku`),
  ensured once per channel (at connect, else before the first push); productSet upserts by it, so a
  create needs no lookup and a retried create finds its first attempt. Without it, the handle;
- the **metafields** of the product (property values) and of each variant, carried by productSet;
- the **follow-up** request after productSet: publications that changed, the translations of every
  locale in one translationsRegister and the metafields of removed property values
  (`metafieldsDelete`), as one `ListingFollowUp` call, each part only when needed;
- translation **digests**, read for many products in one `translatableResourcesByIds` query: the
  listings of the batch that are already bound; those whose primary text this run wrote are the
  SHA-256 of that text (`predict_digests`), read only when Shopify refuses them as outdated.
"""

import hashlib
import logging
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload, MappingMissing, SalesChannelError, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.products import payloads, publications
from sales_channels.integrations.shopify.factories.products.context import primary_language
from sales_channels.integrations.shopify.factories.properties.mapping import PropertyMapper
from sales_channels.integrations.shopify.factories.properties.payloads import metafield_payload, metafield_value

logger = logging.getLogger(__name__)

CUSTOM_ID = ("onesila_sync", "sku")  # namespace, key of the unique-values definition behind customId
DIGESTS = "shopify_digests"
STALE_DIGESTS = "shopify_stale_digests"
DIGEST_BATCH = 25
FOLLOW_UP_PARTS = {
    "publishablePublish": "publications",
    "publishableUnpublish": "publications",
    "translationsRegister": "translations",
    "metafieldsDelete": "removed metafields",
}
STALE_TRANSLATION_CODES = {"INVALID_TRANSLATABLE_CONTENT"}


# -- custom id --------------------------------------------------------------------------------------


def ensure_custom_id_definition(*, channel, client) -> bool:
    """Create the unique-values product metafield definition behind customId (TAKEN: it exists); remember it.

    False (and a warning) when Shopify refuses it: listings then upsert by handle.
    """
    if channel.custom_id_ready:
        return True
    definition = {
        "namespace": CUSTOM_ID[0],
        "key": CUSTOM_ID[1],
        "name": "OneSila SKU",
        "description": "The OneSila listing this product is synced from (do not edit).",
        "ownerType": "PRODUCT",
        "type": "single_line_text_field",
        "capabilities": {"uniqueValues": {"enabled": True}},
    }
    try:
        answer = client.execute(document="metafield_definition_create", variables={"definition": definition})
    except SalesChannelError as error:
        logger.warning("Shopify channel %s: custom id definition not created: %s", channel.pk, error.message)
        return False
    payload = answer.get("metafieldDefinitionCreate") or {}
    user_errors = payload.get("userErrors") or []
    taken = any(error.get("code") == "TAKEN" for error in user_errors)
    refused = [error.get("message") for error in user_errors if error.get("code") != "TAKEN"]
    if refused or not (payload.get("createdDefinition") or taken):
        logger.warning("Shopify channel %s: custom id definition refused: %s", channel.pk, refused)
        return False
    channel.custom_id_ready = True
    type(channel).objects.filter(pk=channel.pk).update(custom_id_ready=True)
    return True


def custom_id(*, context: StepContext) -> tuple[str, str] | None:
    """The customId (namespace, key) when the channel has its definition (ensured once per run), else None."""
    if context.dry_run:  # a dry run never writes, not even the definition
        return CUSTOM_ID if context.channel.custom_id_ready else None
    ready = context.cached(
        ("shopify_custom_id",), lambda: ensure_custom_id_definition(channel=context.channel, client=context.client)
    )
    return CUSTOM_ID if ready else None


def forget_custom_id_definition(*, context: StepContext) -> None:
    """The definition is gone on Shopify: the next `custom_id` creates it again."""
    channel = context.channel
    channel.custom_id_ready = False
    type(channel).objects.filter(pk=channel.pk).update(custom_id_ready=False)
    context.cache.pop(("shopify_custom_id",), None)


def custom_id_metafield(*, sku: str) -> dict[str, str]:
    """The listing's own custom-id metafield (productSet must carry the value its identifier names)."""
    return metafield_payload(
        namespace=CUSTOM_ID[0], key=CUSTOM_ID[1], metafield_type="single_line_text_field", value=sku
    )


# -- metafields -------------------------------------------------------------------------------------


def _mapper(*, context: StepContext) -> PropertyMapper:
    return context.cached(("shopify_property_mapper",), lambda: PropertyMapper(channel=context.channel))


def metafields_of(*, context: StepContext, values: list) -> list[dict[str, str]]:
    """MetafieldInput (namespace, key, type, value) of property values; MappingMissing lists every gap."""
    language = primary_language(context)
    found = []
    for value, mapping in _mapper(context=context).resolve(values):
        text = metafield_value(
            raw=value.get_value(language=language), metafield_type=mapping.metafield_type, language=language
        )
        if text is not None:
            found.append(
                metafield_payload(
                    namespace=mapping.namespace, key=mapping.key, metafield_type=mapping.metafield_type, value=text
                )
            )
    return sorted(found, key=lambda m: (m["namespace"], m["key"]))


def listing_metafields(*, context: StepContext, data, excluded: set[int]) -> tuple[list, dict[int, list], list[str]]:
    """(product metafields, variant metafields by variation id, problems): axes and the product type excluded."""
    problems: list[str] = []

    def own(item) -> list[dict[str, str]]:
        values = [v for v in item.properties if v.property_id not in excluded and not v.property.is_product_type]
        try:
            return metafields_of(context=context, values=values)
        except MappingMissing as error:
            problems.extend(error.missing)
            return []

    product = own(data)
    variants = {variation.id: found for variation in data.variations if (found := own(variation))}
    return product, variants, sorted(set(problems))


def metafields_to_delete(
    *, product_id: str, removed: list[tuple[str | None, str, str]], variant_ids: dict[str, str]
) -> list[dict[str, str]]:
    """MetafieldIdentifierInput of removed values (a removed variant takes its metafields with it)."""
    found = []
    for sku, namespace, key in removed:
        owner = product_id if sku is None else variant_ids.get(sku)
        if owner:
            found.append({"ownerId": owner, "namespace": namespace, "key": key})
    return found


# -- translation digests ----------------------------------------------------------------------------


def mark_digests_stale(*, context: StepContext, product_id: str) -> None:
    """This run changed (or created) the product's primary text: its digests must be read after that."""
    context.cache.setdefault(STALE_DIGESTS, set()).add(product_id)
    context.cache.setdefault(DIGESTS, {}).pop(product_id, None)


def predict_digests(*, context: StepContext, product_id: str, product_input: dict[str, Any]) -> None:
    """This run wrote the product's primary text: its digests are those of the text sent (no read needed).

    Shopify's digest is the SHA-256 of the stored value. Should Shopify have stored the text otherwise
    (normalised HTML), translationsRegister answers INVALID_TRANSLATABLE_CONTENT and `send_follow_up`
    reads the real digests once and registers again.
    """
    context.cache.setdefault(STALE_DIGESTS, set()).discard(product_id)
    texts = {"title": product_input.get("title"), "body_html": product_input.get("descriptionHtml")}
    context.cache.setdefault(DIGESTS, {})[product_id] = {
        key: hashlib.sha256(text.encode()).hexdigest() for key, text in texts.items() if text
    }


def digests_for(*, context: StepContext, product_id: str, batch: list[str]) -> dict[str, str]:
    """Digests (key -> digest) of a product's translatable content, read together with the batch's others."""
    cached: dict[str, dict[str, str]] = context.cache.setdefault(DIGESTS, {})
    if product_id in cached:
        return cached[product_id]
    stale = context.cache.setdefault(STALE_DIGESTS, set())
    others = [pk for pk in batch if pk != product_id and pk not in cached and pk not in stale]
    ids = [product_id, *others][:DIGEST_BATCH]
    data = context.client.execute(
        document="translatable_resources_by_ids", variables={"resourceIds": ids, "first": len(ids)}
    )
    connection = data.get("translatableResourcesByIds")
    if not isinstance(connection, dict):
        raise InvalidVendorPayload("translatableResourcesByIds: no connection", raw_excerpt=str(data)[:300])
    for node in connection.get("nodes") or []:
        content = {entry.get("key"): entry.get("digest") for entry in node.get("translatableContent") or []}
        cached[node.get("resourceId")] = {key: digest for key, digest in content.items() if key and digest}
    stale.discard(product_id)
    if product_id not in cached:
        raise InvalidVendorPayload(f"translatableResourcesByIds: no resource {product_id}", raw_excerpt="")
    return cached[product_id]


# -- the follow-up call -----------------------------------------------------------------------------


def send_follow_up(
    *,
    context: StepContext,
    product_id: str,
    publish: list[str],
    unpublish: list[str],
    translations: list[dict[str, Any]],
    delete: list[dict[str, str]],
    batch: list[str],
) -> None:
    """One ListingFollowUp call with what changed (none: no call); stale digests are re-read once.

    While a batch defers publications (`publications.defer`), they are left to its publicationUpdate calls.
    """
    if (publish or unpublish) and publications.take(
        context=context, product_id=product_id, publish=publish, unpublish=unpublish
    ):
        publish, unpublish = [], []
    inputs = []
    if translations:
        inputs = payloads.register_inputs(
            translations=translations, digests=digests_for(context=context, product_id=product_id, batch=batch)
        )
    if not (publish or unpublish or inputs or delete):
        return
    answer = _follow_up(
        context=context, product_id=product_id, publish=publish, unpublish=unpublish, inputs=inputs, delete=delete
    )
    register = answer.get("translationsRegister") or {}
    codes = {error.get("code") for error in register.get("userErrors") or []}
    if codes and codes <= STALE_TRANSLATION_CODES:
        mark_digests_stale(context=context, product_id=product_id)
        digests = digests_for(context=context, product_id=product_id, batch=[product_id])
        inputs = payloads.register_inputs(translations=translations, digests=digests)
        retried = _follow_up(context=context, product_id=product_id, publish=[], unpublish=[], inputs=inputs, delete=[])
        answer = {**answer, **retried}
    for operation, part in FOLLOW_UP_PARTS.items():
        try:
            raise_user_errors(payload=answer.get(operation), operation=operation)
        except VendorValidationError as error:
            raise VendorValidationError([f"{part}: {message}" for message in error.messages]) from error


def _follow_up(
    *, context: StepContext, product_id: str, publish: list, unpublish: list, inputs: list, delete: list
) -> dict[str, Any]:
    variables = payloads.follow_up_variables(
        product_id=product_id, publish=publish, unpublish=unpublish, translations=inputs, delete=delete
    )
    return context.client.execute(document="listing_follow_up", variables=variables)
