"""The parts of a Shopify listing pushed on their own, each hash-checked by the framework's sections.

- translations: one item per non-primary language, `translatableResource` digests then
  `translationsRegister` of the keys that changed;
- metafields: the product's property values, `metafieldsSet` in batches of at most 25;
- prices: `productVariantsBulkUpdate` of one variant (skipped when this run's productSet set it);
- stock: `inventorySetQuantities` with `changeFromQuantity` = the last quantity we pushed and an
  `@idempotent` key derived from the task; `CHANGE_FROM_QUANTITY_STALE` re-reads the level once and retries.
"""

import uuid

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.lifecycle import is_current
from sales_channels.factories.outcomes import SKIPPED, UNCHANGED, UPDATED, StepOutcome, normalise, payload_hash
from sales_channels.factories.products.sections import ContentSection, PricesSection, PropertiesSection, StockSection
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.products import payloads
from sales_channels.integrations.shopify.factories.products.context import (
    known_variants,
    price_currency_id,
    primary_language,
    primary_location,
    remote_locale,
    sent,
)
from sales_channels.integrations.shopify.factories.properties.mapping import PropertyMapper
from sales_channels.integrations.shopify.factories.properties.payloads import (
    METAFIELDS_PER_CALL,
    metafield_payload,
    metafield_value,
    metafields_set_batches,
)

STALE = "CHANGE_FROM_QUANTITY_STALE"


def _variant(section):
    row = known_variants(section.context).get(section.data.id)
    if row is None or not row.remote_id:
        raise InvalidVendorPayload(f"no Shopify variant is bound for SKU '{section.data.sku}'")
    return row


class ShopifyTranslationsSection(ContentSection):
    """Title and description in each non-primary shop language."""

    def items(self):
        primary = primary_language(self.context)
        source = self.data.translations.get(primary)
        return [
            (
                (language,),
                {"language": language},
                payloads.translation_payload(
                    locale=remote_locale(self.context, language), translation=translation, source=source
                ),
            )
            for language, translation in sorted(self.data.translations.items())
            if language != primary
        ]

    def push(self, *, mirror, payload) -> None:
        resource_id = self.remote_product.remote_id
        data = self.client.execute(
            document="translatable_resource", variables={"resourceId": resource_id, "locale": payload["locale"]}
        )
        resource = data.get("translatableResource")
        if not isinstance(resource, dict):
            raise InvalidVendorPayload(f"translatableResource: no resource {resource_id}", raw_excerpt=str(data)[:300])
        inputs = payloads.translation_inputs(
            payload=payload,
            content=resource.get("translatableContent") or [],
            existing=resource.get("translations") or [],
        )
        if inputs:
            answer = self.client.execute(
                document="translations_register", variables={"resourceId": resource_id, "translations": inputs}
            )
            raise_user_errors(payload=answer.get("translationsRegister"), operation="translationsRegister")


class ShopifyMetafieldsSection(PropertiesSection):
    """Property values as product metafields, at most 25 per metafieldsSet call."""

    def mappings(self) -> PropertyMapper:  # type: ignore[override]
        return self.context.cached(("shopify_property_mapper",), lambda: PropertyMapper(channel=self.channel))

    def items(self):
        excluded = self.context.cache.get(("shopify_not_metafields", self.data.id), set())
        values = [v for v in self.data.properties if v.property_id not in excluded and not v.property.is_product_type]
        language = primary_language(self.context)
        items = []
        for value, mapping in self.mappings().resolve(values):
            text = metafield_value(
                raw=value.get_value(language=language), metafield_type=mapping.metafield_type, language=language
            )
            if text is None:
                continue
            payload = metafield_payload(
                namespace=mapping.namespace, key=mapping.key, metafield_type=mapping.metafield_type, value=text
            )
            items.append(((value.pk,), {"local_instance_id": value.pk, "remote_property": mapping}, payload))
        return items

    def run(self) -> StepOutcome:
        if not self.enabled():
            return StepOutcome(kind=SKIPPED, detail=f"{self.name}: owned by the remote side.")
        existing = self.existing()
        items = self.items()
        changed = []
        for key, lookup, payload in items:
            payload = normalise(payload)
            digest = payload_hash(payload)
            if not is_current(existing.get(key), digest):
                changed.append((key, lookup, payload, digest))
        if not self.context.dry_run:
            self._send(existing, changed)
            self._forget_stale(existing, {key for key, _, _ in items})
        kind = UPDATED if changed else UNCHANGED
        return StepOutcome(kind=kind, detail=f"{self.name}: {len(changed)} metafields")

    def _send(self, existing: dict, changed: list) -> None:
        owner = self.remote_product.remote_id
        for start in range(0, len(changed), METAFIELDS_PER_CALL):
            rows = changed[start : start + METAFIELDS_PER_CALL]
            [batch] = metafields_set_batches(owner_id=owner, payloads=[payload for _, _, payload, _ in rows])
            try:
                answer = self.client.execute(document="metafields_set", variables={"metafields": batch})
                raise_user_errors(payload=answer.get("metafieldsSet"), operation="metafieldsSet")
            except Exception as error:
                for key, lookup, _payload, _digest in rows:
                    self._binder(existing, key, lookup).record_failure(existing.get(key), error)
                raise
            for key, lookup, payload, digest in rows:
                self._bind(existing, key, lookup, payload, digest)

    def _bind(self, existing: dict, key: tuple, lookup: dict, payload: dict, digest: str) -> None:
        binder = self._binder(existing, key, lookup)
        mirror = existing.get(key) or binder.new()
        if mirror.pk is None:
            binder.stage(mirror, remote_id=None, payload=payload, digest=digest)
            self.context.writer.add(mirror)
        else:
            binder.bind(mirror, remote_id=None, payload=payload, digest=digest)

    def _forget_stale(self, existing: dict, wanted: set) -> None:
        # The vendor value stays: there is no metafieldsDelete document yet (see the issue note).
        for key in [key for key in existing if key not in wanted]:
            existing.pop(key).delete()


class ShopifyPricesSection(PricesSection):
    """The price and compare-at price of one variant, in the shop currency."""

    def items(self):
        if self.data.product.is_configurable:
            return []
        currency_id = price_currency_id(self.context)
        return [item for item in super().items() if item[0] == (currency_id,)]

    def build_payload(self, *, currency, price) -> dict:
        return payloads.price_fields(price)

    def push(self, *, mirror, payload) -> None:
        if sent(self.context, "price", self.data.id) == payload:
            return  # this run's productSet already set exactly this price
        variant = _variant(self)
        answer = self.client.execute(
            document="product_variants_bulk_update",
            variables={
                "productId": variant.product_remote_id,
                "variants": payloads.price_update_input(variant_id=variant.remote_id, payload=payload),
            },
        )
        raise_user_errors(payload=answer.get("productVariantsBulkUpdate"), operation="productVariantsBulkUpdate")


class ShopifyStockSection(StockSection):
    """The available quantity of one variant at the primary location (compare-and-swap, idempotent)."""

    def items(self):
        return [] if self.data.product.is_configurable else super().items()

    def build_payload(self, *, quantity) -> dict:
        return {"quantity": int(quantity)}

    def push(self, *, mirror, payload) -> None:
        if sent(self.context, "quantity", self.data.id) == payload["quantity"]:
            return  # the variant was created with this quantity
        variant = _variant(self)
        location = primary_location(self.context)
        previous = (mirror.last_payload or {}) if mirror.pk is not None else {}
        change_from = int(previous.get("quantity", 0))
        errors = self._set(variant, location, payload["quantity"], change_from)
        if errors and all(error.get("code") == STALE for error in errors):
            errors = self._set(variant, location, payload["quantity"], self._current(variant, location))
        raise_user_errors(payload={"userErrors": errors}, operation="inventorySetQuantities")

    def _set(self, variant, location: str, quantity: int, change_from: int) -> list:
        stock = payloads.stock_input(
            inventory_item_id=variant.inventory_item_id,
            location_id=location,
            quantity=quantity,
            change_from=change_from,
        )
        key = payloads.stock_idempotency_key(task_key=self._task_key(), stock=stock)
        answer = self.client.execute(
            document="inventory_set_quantities", variables={"input": stock, "idempotencyKey": key}
        )
        return (answer.get("inventorySetQuantities") or {}).get("userErrors") or []

    def _task_key(self) -> str:
        """The running task (its retries share it); without one (a direct run) every call is its own."""
        task = self.context.sync_task
        if task is not None and task.pk is not None:
            return f"{self.channel.pk}:task:{task.pk}"
        return f"{self.channel.pk}:run:{uuid.uuid4()}"

    def _current(self, variant, location: str) -> int:
        data = self.client.execute(document="inventory_item", variables={"id": variant.inventory_item_id})
        levels = ((data.get("inventoryItem") or {}).get("inventoryLevels") or {}).get("nodes") or []
        for level in levels:
            if (level.get("location") or {}).get("id") == location:
                quantities = {q.get("name"): q.get("quantity") for q in level.get("quantities") or []}
                return int(quantities.get("available") or 0)
        return 0
