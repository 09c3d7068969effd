"""Product steps: one listing's hooks (deletes, single fallbacks) and the batch step that pushes many.

`WooCommerceProducts` is the framework's `BatchProductStep`: up to 100 listings in one
`POST /products/batch` (creates and updates together), then each variable product's variations in
one `POST /products/{id}/variations/batch`. Every item's answer is its own: an `error` fails that
listing alone (its message stored on the mirror), `product_invalid_sku` on a create links the
listing to the product holding the SKU (`resource_id`, else a SKU lookup) and updates it instead.
Before any payload is built, the batch's global attributes and terms are ensured together
(`prepare_attributes`); a listing whose answer shows a remembered attribute the store no longer
holds is sent once more after those entries were forgotten and ensured again. A listing pushed by its own
step (outside a batch) does the same in `_one`: once, with a rebuilt payload, which its mirror then stores;
an answer still stale after that resend fails the listing with what to check on the store.
Price and stock travel inside the product body, so `price.update` and `stock.update` are the same
push (an unchanged body makes no call). Deleting forces (`force=true`): no trash left behind; the
store deletes a variable product's variations with it.
"""

import dataclasses
from typing import Any

from sales_channels.exceptions import MappingMissing, RemoteObjectMissing, VendorValidationError
from sales_channels.factories.batch import BatchEntry, BatchProductStep, product_data
from sales_channels.factories.jobs import ItemResult
from sales_channels.factories.lifecycle import CREATE, DELETE, RemoteAnswer
from sales_channels.factories.outcomes import CREATED, LINKED, normalise, payload_hash
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.data import channel_locale
from sales_channels.factories.products.steps import DATA, ProductStep
from sales_channels.integrations.woocommerce.factories.prices.sale_windows import prefetch_windows, window_for
from sales_channels.integrations.woocommerce.factories.products import media
from sales_channels.integrations.woocommerce.factories.products.payloads import (
    first_price,
    meta_entries,
    product_payload,
    variation_payload,
    with_media_ids,
)
from sales_channels.integrations.woocommerce.factories.products.verify import WooCommerceProductsVerifyStep
from sales_channels.integrations.woocommerce.factories.properties.attributes import (
    axes_of,
    forget,
    prepare_attributes,
    select_attributes,
    stale_message,
    stale_names,
)
from sales_channels.integrations.woocommerce.factories.sales_channels.connection import WooCommerceConnectionTestStep
from sales_channels.integrations.woocommerce.factories.sales_channels.metadata import supports_gtin
from sales_channels.models import RemoteProduct

STALE = "woocommerce_stale_attributes"  # entry key -> attribute names the store's answer did not keep
RESENT = "woocommerce_resent_payload"  # (RESENT, product id) -> the payload a single push sent again
MISSING_CODES = ("woocommerce_rest_product_invalid_id", "woocommerce_rest_product_variation_invalid_id")


def language_of(context) -> str:
    view_id = getattr(context.view, "pk", None)
    locale = context.cached(("locale", view_id), lambda: channel_locale(channel=context.channel, view=context.view))
    return locale.languages[0]


def item_result(item: Any, *, creating: bool) -> ItemResult:
    """One batch item's answer as an ItemResult: its id, 'exists' for a duplicate SKU, or its own error."""
    if not isinstance(item, dict):
        return ItemResult(error=VendorValidationError([f"unreadable batch item {str(item)[:80]}"]))
    error = item.get("error")
    if error is None:
        return ItemResult(remote_id=str(item.get("id") or ""))
    code = str(error.get("code") or "")
    message = str(error.get("message") or code or "The store refused this item.")
    if creating and code == "product_invalid_sku":
        holder = (error.get("data") or {}).get("resource_id")
        return ItemResult(exists=True, remote_id=str(holder or ""))
    if code in MISSING_CODES:
        return ItemResult(error=RemoteObjectMissing(message))
    params = (error.get("data") or {}).get("params")
    details = [f"{name}: {reason}" for name, reason in params.items()] if isinstance(params, dict) else []
    return ItemResult(error=VendorValidationError([message, *details]))


class WooCommerceListingStep(ProductStep):
    """A simple or variable product (or, with `parent_mirror`, a variation): payload and single calls."""

    payload_needs = ProductStep.payload_needs | {parts.PRICES, parts.STOCK, parts.IMAGES, parts.PROPERTIES}
    deletes_variations = False  # a forced product delete removes its variations

    @property
    def is_variation(self) -> bool:
        return self.parent_mirror is not None

    @classmethod
    def prefetch(cls, *, context, object_ids: list[int]) -> None:
        """The framework's batch load, then the price-list windows of the batch and its variations (2 queries)."""
        super().prefetch(context=context, object_ids=object_ids)
        loaded = context.cache.get(DATA, {})
        ids = set(object_ids) | {v.id for pk in object_ids if loaded.get(pk) for v in loaded[pk].variations}
        view_id = getattr(context.view, "pk", None)
        locale = context.cache.get(("locale", view_id))
        currency_ids = [currency.pk for currency in locale.currencies] if locale else []
        prefetch_windows(context=context, product_ids=sorted(ids), currency_ids=currency_ids)

    def window(self):
        currency_id, _ = first_price(self.data)
        return window_for(context=self.context, product_id=self.data.id, currency_id=currency_id)

    def gtin(self) -> str | None:
        if not (self.channel.sync_ean_codes and supports_gtin(self.channel.specific)):
            return None
        return self.data.ean or ""

    def build_payload(self) -> dict:
        data, language = self.data, language_of(self.context)
        if self.is_variation:
            axes = self.context.cache.get(("woocommerce_axes", self.parent_mirror.local_instance_id))
            if axes is None:
                raise MappingMissing([f"{data.sku}: its configurable was not mapped in this run"])
            return variation_payload(data=data, axes=axes, gtin=self.gtin(), window=self.window())
        axes = axes_of(context=self.context, data=data, language=language)
        self.context.cache[("woocommerce_axes", data.id)] = axes
        attributes, others = select_attributes(
            context=self.context, values=data.properties, language=language, skip={axis.property_id for axis in axes}
        )
        meta = meta_entries(values=others, language=language, skip=set())
        return product_payload(
            data=data,
            translation=data.translations.get(language),
            axes=axes,
            meta=meta,
            gtin=self.gtin(),
            attributes=attributes,
            window=self.window(),
        )

    def links(self) -> list:
        return self.data.images[:1] if self.is_variation else list(self.data.images)

    # -- single-call hooks (deletes; a listing pushed outside a batch) ---------------------------

    def find_remote(self, *, payload: dict) -> str | None:
        if self.is_variation:
            return None
        return self.client.products_by_sku(skus=[payload["sku"]]).get(payload["sku"])

    def _one(self, *, create: list[dict], update: list[dict]) -> tuple[Any, ItemResult]:
        """Send one listing through the batch route: the store's item answer and what it means. A listing
        whose answer lost a remembered global attribute (or term) is sent once more: those entries are
        forgotten, ensured again by a fresh `build_payload` and the new payload goes out as an update."""
        item, result = self._send(create=create, update=update)
        names = self._stale(sent=(create or update)[0], item=item, result=result)
        if not names:
            return item, result
        forget(context=self.context, names=names)
        payload = normalise(self.build_payload())
        item, result = self._send(create=[], update=[{**payload, "id": int(result.remote_id)}])
        still = self._stale(sent=payload, item=item, result=result)
        if still:
            forget(context=self.context, names=still)  # the next push reads the store again
            raise VendorValidationError([stale_message(sku=str(payload.get("sku") or ""), sent=payload, names=still)])
        if result.error is None:
            self.context.cache[(RESENT, self.object_id)] = payload  # `bind_answer` stores what was finally sent
        return item, result

    def _send(self, *, create: list[dict], update: list[dict]) -> tuple[Any, ItemResult]:
        if self.is_variation:
            answer = self.client.variations_batch(
                product_id=self.parent_mirror.remote_id, create=create, update=update, delete=[]
            )
        else:
            answer = self.client.products_batch(create=create, update=update, delete=[])
        [item] = answer.get("create" if create else "update", [None])
        return item, item_result(item, creating=bool(create))

    def _stale(self, *, sent: dict, item: Any, result: ItemResult) -> set[str]:
        """The global attributes a listing's successful answer did not keep as sent (none for a variation)."""
        if self.is_variation or result.error is not None or result.exists or not isinstance(item, dict):
            return set()
        if not sent.get("attributes") or not result.remote_id:
            return set()
        return stale_names(sent=sent["attributes"], answered=item.get("attributes") or [])

    def create_remote(self, *, payload: dict) -> RemoteAnswer:
        item, result = self._one(create=[payload], update=[])
        if result.exists and result.remote_id:
            return RemoteAnswer(
                remote_id=result.remote_id, body=self.update_remote(remote_id=result.remote_id, payload=payload)
            )
        if result.error is not None or result.exists:
            raise result.error or VendorValidationError([f"SKU {payload['sku']} exists on the store"])
        return RemoteAnswer(remote_id=result.remote_id, body=item)

    def update_remote(self, *, remote_id: str, payload: dict) -> Any:
        item, result = self._one(create=[], update=[{**payload, "id": int(remote_id)}])
        if result.error is not None:
            raise result.error
        return item

    def delete_remote(self, *, remote_id: str) -> None:
        if self.is_variation:
            self.client.delete_variation(product_id=self.parent_mirror.remote_id, variation_id=remote_id)
        else:
            self.client.delete_product(product_id=remote_id)

    def bind_answer(self, *, mirror: RemoteProduct, answer: Any) -> None:
        resent = self.context.cache.pop((RESENT, self.object_id), None)
        if resent is not None:  # the payload sent again after stale attributes, not the first one
            mirror = self.binder().bind(mirror, remote_id=mirror.remote_id, payload=resent, digest=payload_hash(resent))
        item = answer
        if isinstance(item, dict) and "error" not in item:
            answered = [item["image"]] if self.is_variation and item.get("image") else item.get("images") or []
            binds = media.MediaBinds(context=self.context)
            binds.add(mirror=mirror, links=self.links(), answered=answered)
            binds.flush()


class WooCommerceVariationStep(WooCommerceListingStep):
    """A variation of a variable product."""


class WooCommerceProductStep(WooCommerceListingStep):
    """product.sync: the listing, then its variations."""

    variation_step = WooCommerceVariationStep


class WooCommerceProductCreateStep(WooCommerceProductStep):
    action = CREATE


class WooCommerceProductDeleteStep(WooCommerceProductStep):
    action = DELETE


class WooCommerceProducts(BatchProductStep):
    """Many listings per `products/batch` call, then one `variations/batch` call per variable product."""

    item_step = WooCommerceProductStep
    vendor_limit = 100
    _recovered = False  # the stale-attribute resend happens once per run

    def run(self) -> dict:
        """The batch's global attributes and terms ensured together first; then the framework's batch run."""
        ids = [task.object_id for task in self.tasks if task.object_id is not None]
        store = self.context.cache.get(DATA) or {}
        if any(pk not in store for pk in ids):
            self.item_step.prefetch(context=self.context, object_ids=[pk for pk in ids if pk not in store])
            store = self.context.cache.get(DATA) or {}
        datas = [store[pk] for pk in ids if store.get(pk) is not None]
        prepare_attributes(context=self.context, datas=datas, language=language_of(self.context))
        return super().run()

    def push(self, entries: list[BatchEntry]) -> None:
        """The framework's push; then, once, the listings whose answer showed a remembered attribute or term
        the store no longer holds: those entries forgotten, ensured again and the listings sent again."""
        self.context.cache.pop(STALE, None)
        super().push(entries)
        stale: dict[str, set[str]] = self.context.cache.pop(STALE, None) or {}
        redo = [entry for entry in entries if entry.key in stale and entry.error is None]
        if not redo or self._recovered:
            return
        self._recovered = True
        forget(context=self.context, names=set().union(*stale.values()))
        datas = [data for data in (product_data(entry) for entry in redo) if data is not None]
        prepare_attributes(context=self.context, datas=datas, language=language_of(self.context))
        first = {entry.key: entry.outcome for entry in redo}
        for entry in redo:  # linked, not current: the fresh payload goes out even when it reads the same
            if entry.binder is not None and entry.mirror is not None and entry.remote_id:
                entry.mirror = entry.binder.bind_remote_id(entry.mirror, remote_id=entry.remote_id)
            entry.outcome, entry.action = None, ""
            self.plan(entry)
        super().push([entry for entry in redo if entry.open])
        for entry in redo:  # a listing created (or linked) by the first send stays reported as such
            kind = first[entry.key].kind if first[entry.key] is not None else ""
            if entry.outcome is not None and kind in (CREATED, LINKED):
                entry.outcome = dataclasses.replace(entry.outcome, kind=kind)

    def send(self, *, entries: list[BatchEntry]) -> dict[str, ItemResult]:
        media.load(context=self.context, mirrors=[e.mirror for e in entries])
        results: dict[str, ItemResult] = {}
        listings = [e for e in entries if e.step.parent_mirror is None]
        if listings:
            results.update(self._send(listings, call=self.client.products_batch))
        families: dict[str, list[BatchEntry]] = {}
        for entry in entries:
            if entry.step.parent_mirror is not None:
                families.setdefault(entry.step.parent_mirror.remote_id, []).append(entry)
        for parent_id, family in families.items():

            def call(*, create, update, delete, parent_id=parent_id):
                return self.client.variations_batch(product_id=parent_id, create=create, update=update, delete=delete)

            results.update(self._send(family, call=call))
        return results

    def _send(self, entries: list[BatchEntry], *, call) -> dict[str, ItemResult]:
        creates = [e for e in entries if e.action == CREATE]
        updates = [e for e in entries if e.action != CREATE]
        answer = call(
            create=[self._body(e) for e in creates],
            update=[{**self._body(e), "id": int(e.remote_id)} for e in updates],
            delete=[],
        )
        results = {}
        for name, group in (("create", creates), ("update", updates)):
            items = answer.get(name) or []
            for index, entry in enumerate(group):
                item = items[index] if index < len(items) else None
                results[entry.key] = item_result(item, creating=name == "create") if item is not None else None
                if isinstance(item, dict) and "error" not in item:
                    self.context.cache[("woocommerce_batch_answer", entry.key)] = item
                    self._check_attributes(entry, item)
        return {key: value for key, value in results.items() if value is not None}

    def _check_attributes(self, entry: BatchEntry, item: dict) -> None:
        """A listing whose answer lost a global attribute or term it was sent with is noted for `push` to send again."""
        if entry.step.parent_mirror is not None or not entry.payload.get("attributes"):
            return
        names = stale_names(sent=entry.payload["attributes"], answered=item.get("attributes") or [])
        if names:
            self.context.cache.setdefault(STALE, {})[entry.key] = names

    def _body(self, entry: BatchEntry) -> dict:
        ids = media.media_ids(context=self.context, mirror=entry.mirror, links=entry.step.links())
        return with_media_ids(entry.payload, media_ids=ids)

    @property
    def media_binds(self) -> media.MediaBinds:
        if not hasattr(self, "_media_binds"):
            self._media_binds = media.MediaBinds(context=self.context)
        return self._media_binds

    def send_all(self, entries: list[BatchEntry]) -> None:
        """Listings 100 a call; each family's variations in calls of their own (a family is never split
        across two calls below 100 variations); then the media ids the answers carried, written together."""
        families: dict[str, list[BatchEntry]] = {}
        for entry in entries:
            if entry.step.parent_mirror is not None:
                families.setdefault(entry.step.parent_mirror.remote_id, []).append(entry)
        super().send_all([entry for entry in entries if entry.step.parent_mirror is None])
        for family in families.values():
            super().send_all(family)
        self.media_binds.flush()

    def find_existing(self, *, entries: list[BatchEntry]) -> dict[str, str]:
        skus = [e.sku for e in entries if e.step.parent_mirror is None and e.sku]
        found = self.client.products_by_sku(skus=skus) if skus else {}
        return {e.key: found[e.sku] for e in entries if e.sku in found and e.step.parent_mirror is None}

    def bind(self, entry: BatchEntry, *, remote_id: str) -> RemoteProduct:
        mirror = super().bind(entry, remote_id=remote_id)
        item = self.context.cache.pop(("woocommerce_batch_answer", entry.key), None)
        if isinstance(item, dict):
            step = entry.step
            answered = [item["image"]] if step.is_variation and item.get("image") else item.get("images") or []
            self.media_binds.add(mirror=mirror, links=step.links(), answered=answered)
        return mirror


class WooCommerceProductCreates(WooCommerceProducts):
    item_step = WooCommerceProductCreateStep


STEPS: dict = {
    "product.create": WooCommerceProductCreateStep,
    "product.sync": WooCommerceProductStep,
    "product.update": WooCommerceProductStep,
    "product.delete": WooCommerceProductDeleteStep,
    "price.update": WooCommerceProductStep,
    "stock.update": WooCommerceProductStep,
    "remote.verify": WooCommerceProductsVerifyStep,
    "connection.test": WooCommerceConnectionTestStep,
}
BATCH_STEPS: dict = {
    "product.create": WooCommerceProductCreates,
    "product.sync": WooCommerceProducts,
    "product.update": WooCommerceProducts,
    "price.update": WooCommerceProducts,
    "stock.update": WooCommerceProducts,
}
