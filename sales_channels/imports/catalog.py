"""The catalog writer: neutral `ImportedProduct` values -> local products, variations, content, prices,
stock, images, property values and listing mirrors, a whole batch at a time.

`CatalogWriter.write(values=...)` checks every value (`checks.check_product`), finds local products by
SKU (a configurable also by its mirror or its variations' SKUs), creates the missing ones unless
the import is update-only, writes everything else through the bulk writers in `rows` and
`properties`, binds the listing and variation mirrors and assigns the listings to the import view
without queueing a push. Query count per batch is constant in the batch size.

A SKU claimed by two remote products is an error on the second, never a silent re-link: within a
batch, and across pages of one import (a mirror already bound to another remote id since the
import started). A remote id already bound to another local product is an error too.
Each result carries its outcome kind and the warnings `checks` and the writers found.
"""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from products.models import ConfigurableVariation, Product
from products.signals import catalog_changed, parents_of
from properties.models import Property, PropertySelectValue
from sales_channels.factories.outcomes import CREATED, LINKED, SKIPPED, UNCHANGED, UPDATED
from sales_channels.flows.default import assign_products
from sales_channels.imports import rows as row_writers
from sales_channels.imports.checks import RecordProblem, RecordRejected, check_product
from sales_channels.imports.mirrors import bind_images, bind_variation_mirrors
from sales_channels.imports.plans import ReadyPlan, WritePlan, WrittenProduct
from sales_channels.imports.properties import LocalProperties, write_values
from sales_channels.imports.values import ImportedProduct, ImportedVariation
from sales_channels.models import MirrorStatus, RemoteProduct, SalesChannelView


class CatalogWriter:
    """Writes batches of imported products for one channel (and view); one instance serves a whole import."""

    def __init__(
        self,
        *,
        channel,
        cache: dict,
        view: SalesChannelView | None = None,
        per_view_mirrors: bool = False,
        update_only: bool = False,
        since: datetime | None = None,
    ) -> None:
        self.channel = channel
        self.company = channel.multi_tenant_company
        self.company_id = channel.multi_tenant_company_id
        self.cache = cache
        self.view = view
        self.mirror_view = view if per_view_mirrors else None
        self.update_only = update_only
        self.since = since
        self.options = LocalProperties(company=self.company, cache=cache)

    # -- entry ----------------------------------------------------------------------------------

    def write(self, *, values: list[ImportedProduct]) -> list[WrittenProduct | RecordRejected]:
        """One result per value, in order: a WrittenProduct, or the RecordRejected that kept it out."""
        results: list[WrittenProduct | RecordRejected | None] = [None] * len(values)
        plans: dict[int, WritePlan] = {}
        for index, value in enumerate(values):
            try:
                checked, problems = check_product(value=value)
            except RecordRejected as error:
                results[index] = error
                continue
            plans[index] = WritePlan(value=checked, problems=problems)
        self._find(plans, results)
        self._reject_conflicts(plans, results)
        self._create(plans, results)
        live = {index: plan.ready() for index, plan in plans.items() if results[index] is None}
        changes = row_writers.Changes()
        if live:
            self._write_rows(live, changes)
            mirrors, bound_now = self._bind(live)
            self._assign([plan.product.pk for plan in live.values()])
            for index, plan in live.items():
                results[index] = self._result(plan, mirrors[index], bound_now[index], changes)
        self._announce(changes)
        return results  # type: ignore[return-value]

    def forget(self) -> None:
        """Drop what the caches learnt from a batch that was rolled back (its created rows are gone)."""
        for key in [key for key in self.cache if isinstance(key, tuple) and key and str(key[0]).startswith("import_")]:
            del self.cache[key]

    # -- lookup ---------------------------------------------------------------------------------

    def _products(self):
        return Product.objects.filter(multi_tenant_company_id=self.company_id)

    def _find(self, plans: dict[int, WritePlan], results: list) -> None:
        skus = {plan.value.sku for plan in plans.values()} | {
            variation.sku for plan in plans.values() for variation in plan.value.variations
        }
        by_sku = {product.sku: product for product in self._products().filter(sku__in=skus)}
        parents = self._configurable_parents([plan for plan in plans.values() if plan.value.is_configurable])
        for index, plan in plans.items():
            value = plan.value
            plan.product = parents.get(value.remote_id) if value.is_configurable else None
            plan.product = plan.product or by_sku.get(value.sku)
            plan.variations = [(variation, by_sku.get(variation.sku)) for variation in value.variations]
            mismatch = self._type_mismatch(plan)
            if mismatch:
                results[index] = RecordRejected(mismatch)

    def _configurable_parents(self, configurables: list[WritePlan]) -> dict[str, Product]:
        """Local parents of vendor configurables by remote id: by their mirror, else by a variation's SKU."""
        if not configurables:
            return {}
        mirrors = RemoteProduct.objects.filter(
            sales_channel=self.channel,
            view=self.mirror_view,
            parent=None,
            remote_id__in=[plan.value.remote_id for plan in configurables],
        ).values_list("remote_id", "local_instance_id")
        links = ConfigurableVariation.objects.filter(
            multi_tenant_company_id=self.company_id,
            variation__sku__in=[v.sku for plan in configurables for v in plan.value.variations],
        ).values_list("variation__sku", "parent_id")
        by_mirror, by_variation = dict(mirrors), dict[str, int]()
        for sku, parent_id in links.order_by("id"):
            by_variation.setdefault(sku, parent_id)
        ids = set(by_mirror.values()) | set(by_variation.values())
        found = {product.pk: product for product in self._products().filter(pk__in=ids)}
        parents = {}
        for plan in configurables:
            candidates = [by_mirror.get(plan.value.remote_id)] + [
                by_variation.get(v.sku) for v in plan.value.variations
            ]
            parent = next((found[pk] for pk in candidates if pk in found), None)
            if parent is not None:
                parents[plan.value.remote_id] = parent
        return parents

    @staticmethod
    def _type_mismatch(plan: WritePlan) -> str:
        """Why the local products found cannot take this value (a simple one where variations come), or ''."""
        product, value = plan.product, plan.value
        if product is not None and value.is_configurable and not product.is_configurable:
            return f"local product '{product.sku}' is not configurable but the vendor product has variations"
        if product is not None and not value.is_configurable and product.type != Product.SIMPLE:
            return f"local product '{product.sku}' is {product.type}, the vendor's is simple"
        wrong = next(
            (local for _, local in plan.variations if local is not None and local.type != Product.SIMPLE), None
        )
        return f"variation SKU '{wrong.sku}' is a {wrong.type} product locally" if wrong is not None else ""

    def _reject_conflicts(self, plans: dict[int, WritePlan], results: list) -> None:
        """A SKU two remote products claim (in this batch or earlier in this import) fails on the second."""
        claimed: dict[str, str] = {}
        for index, plan in plans.items():
            if results[index] is not None:
                continue
            skus = [plan.value.sku, *(variation.sku for variation in plan.value.variations)]
            clash = next((sku for sku in skus if sku in claimed and claimed[sku] != plan.value.remote_id), None)
            if clash is not None:
                results[index] = RecordRejected(
                    f"SKU '{clash}' is also used by remote product {claimed[clash]} in this import: "
                    f"remote product {plan.value.remote_id} was not linked"
                )
                continue
            claimed.update(dict.fromkeys(skus, plan.value.remote_id))
        live = {index: plan for index, plan in plans.items() if results[index] is None and plan.product is not None}
        mirrors = RemoteProduct.objects.filter(
            sales_channel=self.channel,
            view=self.mirror_view,
            local_instance_id__in=[plan.product.pk for plan in live.values() if plan.product is not None],
        ).exclude(remote_id="")
        by_local = {mirror.local_instance_id: mirror for mirror in mirrors}
        holders = {
            mirror.remote_id: mirror.local_instance_id
            for mirror in RemoteProduct.objects.filter(
                sales_channel=self.channel,
                view=self.mirror_view,
                remote_id__in=[plan.value.remote_id for plan in plans.values()],
            )
        }
        for index, plan in plans.items():
            if results[index] is not None:
                continue
            holder = holders.get(plan.value.remote_id)
            if holder is not None and (plan.product is None or holder != plan.product.pk):
                results[index] = RecordRejected(
                    f"remote product {plan.value.remote_id} is linked to another local product (id {holder}); "
                    f"its SKU is now '{plan.value.sku}' at the vendor: unlink it to link it again"
                )
                continue
            mirror = by_local.get(plan.product.pk) if plan.product is not None else None
            if mirror is None or mirror.remote_id == plan.value.remote_id:
                continue
            if self.since is not None and mirror.updated_at >= self.since:
                results[index] = RecordRejected(
                    f"SKU '{plan.value.sku}' is already linked to remote product {mirror.remote_id} in this import: "
                    f"remote product {plan.value.remote_id} has the same SKU and was not linked"
                )
            else:
                plan.problems.append(
                    RecordProblem(f"SKU '{plan.value.sku}' was linked to remote product {mirror.remote_id}: re-linked")
                )

    # -- create ---------------------------------------------------------------------------------

    def _create(self, plans: dict[int, WritePlan], results: list) -> None:
        new: dict[str, Product] = {}
        for index, plan in plans.items():
            if results[index] is not None:
                continue
            value = plan.value
            if plan.product is None and self.update_only:
                results[index] = WrittenProduct(
                    value=value, kind=SKIPPED, detail="Update-only import: no local product."
                )
                continue
            if plan.product is None:
                plan.created = True
                plan.product = new.setdefault(
                    value.sku,
                    Product(
                        multi_tenant_company_id=self.company_id,
                        sku=value.sku,
                        type=Product.CONFIGURABLE if value.is_configurable else Product.SIMPLE,
                        active=value.active,
                    ),
                )
            variations: list[tuple[ImportedVariation, Product | None]] = []
            for variation, local in plan.variations:
                if local is None and not self.update_only:
                    local = new.setdefault(
                        variation.sku,
                        Product(multi_tenant_company_id=self.company_id, sku=variation.sku, active=value.active),
                    )
                if local is not None:
                    variations.append((variation, local))
            plan.variations = variations
        Product.objects.bulk_create(list(new.values()), batch_size=500)
        self._changes_created = {product.pk for product in new.values()}

    # -- rows -----------------------------------------------------------------------------------

    def _write_rows(self, plans: dict[int, ReadyPlan], changes: row_writers.Changes) -> None:
        language = self.company.language
        contents, prices, stock, barcodes, images = [], [], [], [], []
        for plan in plans.values():
            value, product = plan.value, plan.product
            contents.append((product, value.contents))
            prices.append((product, value.prices, plan.problems))
            if not value.is_configurable:
                if value.stock is not None:
                    stock.append((product, value.stock))
                barcodes.append((product, value.barcode))
            images.append((product, value.images))
            for variation, local in plan.variations:
                suffixed = tuple(
                    type(content)(
                        name=f"{content.name} - {variation.title}"[:512] if variation.title else content.name,
                        language=content.language,
                    )
                    for content in value.contents
                )
                contents.append((local, suffixed))
                prices.append((local, variation.prices, plan.problems))
                if variation.stock is not None:
                    stock.append((local, variation.stock))
                barcodes.append((local, variation.barcode))
        for product_id in self._changes_created:
            changes.add(kind="product", product_id=product_id)
        row_writers.write_contents(company_id=self.company_id, language=language, items=contents, changes=changes)
        currencies = self.cache.get(("import_currencies",))
        if currencies is None:
            currencies = self.cache[("import_currencies",)] = self.currencies()
        row_writers.write_prices(company_id=self.company_id, currencies=currencies, items=prices, changes=changes)
        row_writers.write_stock(company_id=self.company_id, items=stock, changes=changes)
        row_writers.write_barcodes(company_id=self.company_id, items=barcodes, changes=changes)
        self._image_links = row_writers.write_images(company_id=self.company_id, items=images, changes=changes)
        self._write_variation_links(plans, changes)
        self._write_properties(plans, changes)

    def currencies(self) -> dict:
        """ISO code -> company currency; '' is the channel's currency (an integration may override)."""
        return row_writers.company_currencies(company_id=self.company_id)

    def _write_variation_links(self, plans: dict[int, ReadyPlan], changes: row_writers.Changes) -> None:
        pairs = {(plan.product.pk, local.pk) for plan in plans.values() for _, local in plan.variations}
        if not pairs:
            return
        existing = set(
            ConfigurableVariation.objects.filter(parent_id__in={p for p, _ in pairs}).values_list(
                "parent_id", "variation_id"
            )
        )
        new = [
            ConfigurableVariation(multi_tenant_company_id=self.company_id, parent_id=parent, variation_id=variation)
            for parent, variation in sorted(pairs - existing)
        ]
        ConfigurableVariation.objects.bulk_create(new)
        for link in new:
            changes.add(kind="variation", product_id=link.variation_id)

    def _write_properties(self, plans: dict[int, ReadyPlan], changes: row_writers.Changes) -> None:
        options = self.options
        options.resolve_properties(self._property_names(plans))
        type_names = {
            index: name
            for index, plan in plans.items()
            if (name := plan.value.product_type or (self._first_name(plan.value) if plan.value.is_configurable else ""))
        }
        wanted: dict = {options.product_type_property: set(type_names.values())} if type_names else {}
        for plan in plans.values():
            for prop, label in self._labels(plan):
                wanted.setdefault(prop, set()).add(label)
        options.resolve_values(wanted)
        mapped_props = self._mapped_properties(
            {pv.property_id for plan in plans.values() for pv in plan.value.properties if pv.property_id}
        )
        selects: list[tuple[Product, Property, PropertySelectValue, bool]] = []
        mapped: list[tuple[Product, Property, str, list[RecordProblem]]] = []
        axes_by_type: dict[PropertySelectValue, list[Property]] = {}
        for index, plan in plans.items():
            if index in type_names:
                value = options.value(prop=options.product_type_property, label=type_names[index])
                selects.append((plan.product, options.product_type_property, value, True))
                if plan.value.is_configurable:
                    axes_by_type.setdefault(value, [options.property(name=name) for name in plan.value.axes])
            selects += [
                (product, prop, options.value(prop=prop, label=label), False)
                for product, prop, label in self._selects(plan)
            ]
            mapped += [
                (plan.product, mapped_props[pv.property_id], pv.value, plan.problems)
                for pv in plan.value.properties
                if pv.property_id in mapped_props
            ]
        write_values(
            company_id=self.company_id,
            language=self.company.language,
            selects=selects,
            mapped=mapped,
            options=options,
            changes=changes,
        )
        options.ensure_axes(axes_by_type=axes_by_type)

    @staticmethod
    def _property_names(plans: dict[int, ReadyPlan]) -> set[str]:
        names = {name for plan in plans.values() for name in plan.value.axes}
        names |= {axis for plan in plans.values() for variation, _ in plan.variations for axis, _ in variation.axes}
        return names | {
            pv.name for plan in plans.values() for pv in plan.value.properties if not pv.property_id and pv.name
        }

    def _selects(self, plan: ReadyPlan) -> list[tuple[Product, Property, str]]:
        """(product, SELECT property, label) of a plan: named property values and the variations' axes."""
        options = self.options
        found = [
            (plan.product, options.property(name=pv.name), pv.value)
            for pv in plan.value.properties
            if not pv.property_id and pv.name
        ]
        return found + [
            (local, options.property(name=axis), label)
            for variation, local in plan.variations
            for axis, label in variation.axes
        ]

    def _labels(self, plan: ReadyPlan) -> list[tuple[Property, str]]:
        options = self.options
        named = [
            (options.property(name=pv.name), pv.value) for pv in plan.value.properties if not pv.property_id and pv.name
        ]
        return named + [
            (options.property(name=axis), label) for variation, _ in plan.variations for axis, label in variation.axes
        ]

    def _mapped_properties(self, ids: set[int]) -> dict:
        if not ids:
            return {}
        return {prop.pk: prop for prop in Property.objects.filter(multi_tenant_company_id=self.company_id, pk__in=ids)}

    @staticmethod
    def _first_name(value: ImportedProduct) -> str:
        return next((content.name for content in value.contents if content.name), "")

    # -- mirrors, assigns, signals ------------------------------------------------------------

    def _bind(self, plans: dict[int, ReadyPlan]) -> tuple[dict[int, RemoteProduct], dict[int, bool]]:
        now = timezone.now()
        local_ids = [plan.product.pk for plan in plans.values()]
        existing = {
            mirror.local_instance_id: mirror
            for mirror in RemoteProduct.objects.filter(
                sales_channel=self.channel, view=self.mirror_view, local_instance_id__in=local_ids
            )
        }
        mirrors, bound_now, new, updated = {}, {}, [], []
        for index, plan in plans.items():
            mirror = existing.get(plan.product.pk)
            if mirror is None:
                mirror = RemoteProduct(
                    multi_tenant_company_id=self.company_id,
                    sales_channel=self.channel,
                    view=self.mirror_view,
                    local_instance_id=plan.product.pk,
                )
                new.append(mirror)
            else:
                updated.append(mirror)
            bound_now[index] = mirror.remote_id != plan.value.remote_id
            mirror.remote_id, mirror.remote_sku, mirror.parent = plan.value.remote_id, plan.value.sku, None
            if bound_now[index]:
                mirror.status, mirror.last_synced_at = MirrorStatus.SYNCED, now
            mirror.updated_at = now
            mirrors[index] = mirror
        RemoteProduct.objects.bulk_create(new)
        if updated:
            RemoteProduct.objects.bulk_update(
                updated, ["remote_id", "remote_sku", "parent", "status", "last_synced_at", "updated_at"]
            )
        pairs = [(mirrors[i], variation, local) for i, plan in plans.items() for variation, local in plan.variations]
        bind_variation_mirrors(channel=self.channel, view=self.mirror_view, pairs=pairs, now=now)
        images = [
            (mirrors[i], image.remote_id, self._image_links.get((plan.product.pk, image.url)))
            for i, plan in plans.items()
            for image in plan.value.images
        ]
        bind_images(channel=self.channel, images=images)
        return mirrors, bound_now

    def _assign(self, product_ids: list[int]) -> None:
        view = self.view
        if view is None:
            view = self.cache.get(("import_default_view",))
            if view is None:
                view = SalesChannelView.objects.filter(sales_channel=self.channel).order_by("-is_default", "id").first()
                self.cache[("import_default_view",)] = view
        if view is not None:
            assign_products(view=view, product_ids=product_ids, queue=False)

    def _result(
        self, plan: ReadyPlan, mirror: RemoteProduct, bound_now: bool, changes: row_writers.Changes
    ) -> WrittenProduct:
        touched = changes.touched()
        ids = {plan.product.pk, *(local.pk for _, local in plan.variations)}
        if plan.created:
            kind = CREATED
        elif bound_now:
            kind = LINKED
        else:
            kind = UPDATED if ids & touched else UNCHANGED
        return WrittenProduct(
            value=plan.value,
            kind=kind,
            product=plan.product,
            mirror=mirror,
            variations=list(plan.variations),
            problems=plan.problems,
        )

    def _announce(self, changes: row_writers.Changes) -> None:
        """One `catalog_changed` per kind for the whole batch (bulk writes send no model signals)."""
        for kind, product_ids in changes.by_kind.items():
            if not product_ids:
                continue
            send = partial(
                catalog_changed.send_robust,
                sender=Product,
                company_id=self.company_id,
                kind=kind,
                product_ids=frozenset(product_ids),
                parent_ids=frozenset(parents_of(product_ids)),
                deleted=False,
            )
            transaction.on_commit(send)
